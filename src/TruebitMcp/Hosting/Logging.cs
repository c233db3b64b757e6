using Serilog;
using Serilog.Core;
using Serilog.Events;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Hosting;

/// <summary>Serilog to stderr (stdout belongs to MCP on stdio), optionally to a daily rolling file; secrets scrubbed first.</summary>
internal static class Logging
{
    public static Logger Create(LoggingOptions options, SecretRedactor redactor, ILogEventSink? extraSink = null)
    {
        var level = Enum.TryParse<LogEventLevel>(options.Level, ignoreCase: true, out var l) ? l : LogEventLevel.Information;
        var sinks = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
        if (options.File is { Length: > 0 } file)
            sinks = sinks.WriteTo.File(file, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 7, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (extraSink is not null) sinks = sinks.WriteTo.Sink(extraSink);
        var inner = sinks.CreateLogger();

        return new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", level < LogEventLevel.Warning ? LogEventLevel.Warning : level)
            .MinimumLevel.Override("System.Net.Http.HttpClient", level < LogEventLevel.Warning ? LogEventLevel.Warning : level)
            .Enrich.FromLogContext()
            .Enrich.With(new RedactingEnricher(redactor))
            .WriteTo.Sink(new RedactingSink(inner, redactor))
            .CreateLogger();
    }

    /// <summary>A logger for the time before configuration is known.</summary>
    public static Logger Bootstrap() => Create(new LoggingOptions(), SecretRedactor.None);
}
