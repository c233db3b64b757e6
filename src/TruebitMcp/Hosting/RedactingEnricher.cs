using Serilog.Core;
using Serilog.Events;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Hosting;

/// <summary>
/// Scrubs every secret from every log event property before any sink sees it, so no call site has to remember
/// to. Exceptions are rewritten the same way by <see cref="RedactingSink"/>.
/// </summary>
internal sealed class RedactingEnricher(SecretRedactor redactor) : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            var scrubbed = Scrub(value);
            if (!ReferenceEquals(scrubbed, value)) logEvent.AddOrUpdateProperty(new LogEventProperty(name, scrubbed));
        }
    }

    private LogEventPropertyValue Scrub(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } when redactor.Contains(s) => new ScalarValue(redactor.Redact(s)),
        ScalarValue { Value: not null and not string } other when other.Value.ToString() is { } text && redactor.Contains(text) =>
            new ScalarValue(redactor.Redact(text)),
        SequenceValue seq => new SequenceValue(seq.Elements.Select(Scrub)),
        StructureValue st => new StructureValue(st.Properties.Select(p => new LogEventProperty(p.Name, Scrub(p.Value))), st.TypeTag),
        DictionaryValue d => new DictionaryValue(d.Elements.Select(kv => KeyValuePair.Create((ScalarValue)Scrub(kv.Key), Scrub(kv.Value)))),
        _ => value,
    };
}

/// <summary>
/// Wraps a sink: an event whose exception or message text (a template built by string interpolation, say) holds a
/// secret is re-issued with both scrubbed.
/// </summary>
internal sealed class RedactingSink(ILogEventSink inner, SecretRedactor redactor) : ILogEventSink
{
    private static readonly Serilog.Parsing.MessageTemplateParser Parser = new();

    public void Emit(LogEvent logEvent)
    {
        var exception = logEvent.Exception is { } ex && redactor.Contains(ex.ToString()) ? new RedactedException(redactor.Redact(ex.ToString())) : logEvent.Exception;
        var template = redactor.Contains(logEvent.MessageTemplate.Text)
            ? Parser.Parse(redactor.Redact(logEvent.MessageTemplate.Text))
            : logEvent.MessageTemplate;
        if (!ReferenceEquals(exception, logEvent.Exception) || !ReferenceEquals(template, logEvent.MessageTemplate))
            logEvent = new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, logEvent.Properties.Select(p => new LogEventProperty(p.Key, p.Value)));
        inner.Emit(logEvent);
    }

    private sealed class RedactedException(string text) : Exception(text)
    {
        public override string ToString() => Message;
    }
}
