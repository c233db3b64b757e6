using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TruebitMcp.Core.Dispatcher;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Resources;

/// <summary>
/// truebit://executions/{executionId} (status with the whole, untruncated output) and
/// truebit://executions/{executionId}/transcript (the verification record). Secret values are masked.
/// </summary>
internal sealed class ExecutionResource(ITruebitDispatcher dispatcher, SecretRedactor redactor, bool transcript) : McpServerResource
{
    private const string Prefix = "truebit://executions/";
    private const string TranscriptSuffix = "/transcript";

    public override ResourceTemplate ProtocolResourceTemplate { get; } = transcript
        ? new()
        {
            Name = "execution-transcript",
            Title = "Truebit execution transcript",
            UriTemplate = Prefix + "{executionId}" + TranscriptSuffix,
            Description = "The verification transcript of a Truebit execution.",
            MimeType = "application/json",
        }
        : new()
        {
            Name = "execution",
            Title = "Truebit execution",
            UriTemplate = Prefix + "{executionId}",
            Description = "Status and complete output of a Truebit execution (never truncated).",
            MimeType = "application/json",
        };

    public override IReadOnlyList<object> Metadata => [];

    public override bool IsMatch(string uri) => TryParse(uri, out _);

    public override async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default)
    {
        var uri = request.Params?.Uri ?? "";
        if (!TryParse(uri, out var id)) throw new McpException($"'{uri}' does not match {ProtocolResourceTemplate.UriTemplate}.");
        try
        {
            var json = transcript
                ? (await dispatcher.GetTranscriptAsync(id, cancellationToken).ConfigureAwait(false)).GetRawText()
                : JsonSerializer.Serialize(await dispatcher.GetExecutionStatusAsync(id, cancellationToken).ConfigureAwait(false), DispatcherJson.Context.ExecutionStatus);
            return new ReadResourceResult { Contents = [new TextResourceContents { Uri = uri, MimeType = "application/json", Text = redactor.RedactJson(json) }] };
        }
        catch (TruebitDispatcherException ex)
        {
            throw new McpException(redactor.Redact(ex.Message));
        }
    }

    private bool TryParse(string uri, out string id)
    {
        id = "";
        if (!uri.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = uri[Prefix.Length..];
        if (transcript)
        {
            if (!rest.EndsWith(TranscriptSuffix, StringComparison.Ordinal)) return false;
            rest = rest[..^TranscriptSuffix.Length];
        }
        if (rest.Length == 0 || rest.Contains('/')) return false;
        id = Uri.UnescapeDataString(rest);
        return true;
    }
}
