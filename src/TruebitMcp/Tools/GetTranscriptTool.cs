using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TruebitMcp.Core.Dispatcher;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Schemas;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Tools;

/// <summary>truebit_get_transcript: the verification record (and invoice, when available) of an execution.</summary>
internal sealed class GetTranscriptTool(ITruebitDispatcher dispatcher, ServerState state, SecretRedactor redactor, ILogger<GetTranscriptTool> logger)
    : TruebitTool(redactor, logger)
{
    public const string Name = "truebit_get_transcript";

    private static readonly JsonObject InputSchema = Schema(new JsonObject
    {
        ["executionId"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "The executionId of a finished execution." },
    }, "executionId");

    protected override ArgumentValidator Validator { get; } = new(InputSchema);

    /// <summary>The published definition; the same for every instance, so the CLI can list it without a server.</summary>
    public static Tool Definition { get; } = new()
    {
        Name = Name,
        Title = "Get a Truebit transcript",
        Description =
            "Returns the verification record of a Truebit execution: transcript hash, task path and version, the target API's " +
            "answer, the recorded events and whether they are signed, plus the invoice (charges for transferred bytes) when " +
            "Truebit has one. The raw transcript is in structuredContent (secret values masked). Use it to prove or audit what an execution did.",
        InputSchema = JsonSerializer.SerializeToElement(InputSchema),
        Annotations = new ToolAnnotations { Title = "Get a Truebit transcript", ReadOnlyHint = true, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = true },
    };

    public override Tool ProtocolTool => Definition;

    protected override async ValueTask<CallToolResult> RunAsync(RequestContext<CallToolRequestParams> request, JsonElement arguments, CancellationToken cancellationToken)
    {
        var id = arguments.GetProperty("executionId").GetString()!;

        var transcript = Redactor.Redact(await dispatcher.GetTranscriptAsync(id, cancellationToken).ConfigureAwait(false));
        JsonElement? invoice = null;
        string invoiceNote;
        try
        {
            invoice = Redactor.Redact(await dispatcher.GetTranscriptInvoiceAsync(id, cancellationToken).ConfigureAwait(false));
            invoiceNote = "Invoice: " + invoice.Value.GetRawText();
        }
        catch (TruebitDispatcherException ex)
        {
            invoiceNote = $"Invoice: not available ({ex.Message}).";
        }

        var summary = TranscriptSummary.From(id, transcript);
        var structured = new JsonObject
        {
            ["executionId"] = id,
            ["transcriptHash"] = summary.TranscriptHash,
            ["taskPath"] = summary.TaskPath,
            ["taskVersion"] = summary.TaskVersion,
            ["upstreamStatus"] = summary.UpstreamStatus,
            ["events"] = new JsonArray(summary.Events.Select(e => (JsonNode)e!).ToArray()),
            ["signed"] = summary.Signed,
            ["invoice"] = invoice is { } i ? JsonNode.Parse(i.GetRawText()) : null,
        };
        // The raw record can be as large as the API's answer it holds: keep it within the same budget as outputs.
        var raw = transcript.GetRawText();
        if (System.Text.Encoding.UTF8.GetByteCount(raw) <= state.Current.Options.Execution.MaxOutputBytes)
            structured["transcript"] = JsonNode.Parse(raw);
        else
        {
            structured["truncated"] = true;
            structured["transcriptNote"] = $"The raw transcript is larger than execution.maxOutputBytes; read the resource truebit://executions/{id}/transcript for all of it.";
            invoiceNote += $"\n[The raw transcript is too large to include; read truebit://executions/{id}/transcript.]";
        }
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = Redactor.Redact(summary.Describe() + "\n" + invoiceNote) }],
            StructuredContent = Element(structured),
        };
    }
}
