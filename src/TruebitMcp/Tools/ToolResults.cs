using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using TruebitMcp.Core.Dispatcher;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Schemas;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Tools;

/// <summary>Maps execution reports and failures to MCP results: structured content plus a text block written for a model.</summary>
internal static class ToolResults
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static CallToolResult Failure(SecretRedactor redactor, string message, IReadOnlyList<string> details)
    {
        var text = new StringBuilder(message);
        foreach (var d in details) text.Append("\n- ").Append(d);
        var structured = new JsonObject
        {
            ["status"] = "Error",
            ["error"] = message,
        };
        if (details.Count > 0) structured["details"] = new JsonArray(details.Select(d => (JsonNode)d!).ToArray());
        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = redactor.Redact(text.ToString()) }],
            StructuredContent = redactor.Redact(JsonSerializer.SerializeToElement(structured)),
        };
    }

    /// <param name="outputValidator">
    /// The declared output schema: an answer that does not match it stays out of structuredContent (clients
    /// validate structuredContent against outputSchema and would fail the call) and is shown in the text only.
    /// </param>
    public static CallToolResult FromReport(ExecutionReport report, SecretRedactor redactor, int maxOutputBytes, ArgumentValidator? outputValidator = null)
    {
        var structured = new JsonObject
        {
            ["executionId"] = report.ExecutionId,
            ["status"] = report.State,
        };
        var text = new StringBuilder();
        var who = report.Task is null ? "" : $" {report.Task}";

        switch (report.State)
        {
            case ExecutionStates.Success:
                text.Append($"Success:{who} execution {report.ExecutionId}{Bytes(report.TransferredBytes)}.");
                AppendOutput(report, structured, text, redactor, maxOutputBytes, outputValidator);
                break;
            case ExecutionStates.Error:
                structured["error"] = report.Error;
                text.Append($"The Truebit execution{who} {report.ExecutionId} ended in Error: {report.Error}");
                if (report.Output is not null) AppendOutput(report, structured, text, redactor, maxOutputBytes, outputValidator);
                break;
            default:
                text.Append(report.WaitExpired
                    ? $"Still running on Truebit after {(int)report.Waited.TotalSeconds} s (execution {report.ExecutionId}). "
                    : $"Started on Truebit (execution {report.ExecutionId}). ");
                text.Append($"To get the result, call truebit_get_execution with {{\"executionId\": \"{report.ExecutionId}\", \"waitSeconds\": 30}}. ")
                    .Append("Truebit cannot cancel an execution: it may still complete and be billed.");
                break;
        }
        if (report.TransferredBytes is { } b)
            structured["transferredBytes"] = new JsonObject { ["request"] = b.Request, ["response"] = b.Response };

        var content = new List<ContentBlock> { new TextContentBlock { Text = redactor.Redact(text.ToString()) } };
        if (BinaryOutput(report, maxOutputBytes) is { } blob) content.Add(blob);
        return new CallToolResult
        {
            IsError = report.State == ExecutionStates.Error,
            Content = content,
            StructuredContent = redactor.Redact(JsonSerializer.SerializeToElement(structured)),
        };
    }

    /// <summary>
    /// A binary body (the dispatcher's {contentType, base64} shape) is also returned as an embedded resource, so a
    /// host can show or save it as what it is instead of reading base64 text.
    /// </summary>
    private static EmbeddedResourceBlock? BinaryOutput(ExecutionReport report, int maxOutputBytes)
    {
        if (report.Output is not { ValueKind: JsonValueKind.Object } o || report.ExecutionId is null) return null;
        if (!o.TryGetProperty("contentType", out var type) || !o.TryGetProperty("base64", out var data) || o.EnumerateObject().Count() != 2) return null;
        byte[] bytes;
        try { bytes = Convert.FromBase64String(data.GetString() ?? ""); }
        catch (FormatException) { return null; }
        if (bytes.Length > maxOutputBytes) return null;
        return new EmbeddedResourceBlock
        {
            Resource = BlobResourceContents.FromBytes(bytes, $"truebit://executions/{report.ExecutionId}", type.GetString()),
        };
    }

    /// <summary>Adds the output, or a marker saying how much was cut and where the whole of it is.</summary>
    private static void AppendOutput(ExecutionReport report, JsonObject structured, StringBuilder text, SecretRedactor redactor, int maxOutputBytes,
        ArgumentValidator? outputValidator)
    {
        if (report.Output is not { } output) { text.Append("\nThe API returned no body."); return; }
        var scrubbed = redactor.Redact(output);
        var pretty = JsonSerializer.Serialize(scrubbed, Pretty);
        var size = Encoding.UTF8.GetByteCount(pretty);
        if (size <= maxOutputBytes)
        {
            if (outputValidator?.Validate(scrubbed) is { Count: > 0 } mismatch)
                structured["outputNote"] = $"The API's answer does not match the response schema in the task's manifest ({mismatch[0]}); " +
                                           "it is in the text content only.";
            else
                structured["output"] = JsonNode.Parse(scrubbed.GetRawText());
            text.Append("\nOutput:\n").Append(pretty);
            return;
        }
        var cut = Utf8Prefix(pretty, maxOutputBytes);
        var note = $"Output truncated: {Encoding.UTF8.GetByteCount(cut)} of {size} bytes shown. " +
                   $"Read the resource truebit://executions/{report.ExecutionId} for the whole output.";
        structured["truncated"] = true;
        structured["outputNote"] = note;
        text.Append("\nOutput (truncated):\n").Append(cut).Append("\n[").Append(note).Append(']');
    }

    private static string Utf8Prefix(string s, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        if (bytes.Length <= maxBytes) return s;
        var end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--;
        return Encoding.UTF8.GetString(bytes, 0, end);
    }

    private static string Bytes(TransferredBytes? b) => b is null ? "" : $" ({b.Request} bytes sent, {b.Response} bytes received)";
}
