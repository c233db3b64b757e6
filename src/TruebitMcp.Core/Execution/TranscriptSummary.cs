using System.Text.Json;
using System.Text.Json.Nodes;

namespace TruebitMcp.Core.Execution;

/// <summary>
/// The verification record of an execution in a form a model can read: transcript hash, task path and version,
/// the upstream outcome, which events were recorded and whether they are signed. Truebit documents the transcript
/// only loosely, so every field is looked up by name anywhere in the document and may be absent.
/// </summary>
public sealed record TranscriptSummary(
    string ExecutionId,
    string? TranscriptHash,
    string? TaskPath,
    string? TaskVersion,
    int? UpstreamStatus,
    IReadOnlyList<string> Events,
    bool Signed)
{
    public static TranscriptSummary From(string executionId, JsonElement transcript)
    {
        var root = JsonNode.Parse(transcript.GetRawText());
        return new TranscriptSummary(
            executionId,
            FindString(root, "transcriptHash"),
            FindString(root, "taskPath"),
            FindString(root, "taskVersion"),
            FindNumber(root, "statusCode") ?? FindNumber(root, "status"),
            FindEvents(root),
            HasSignature(root));
    }

    public string Describe()
    {
        var lines = new List<string>
        {
            $"Transcript of execution {ExecutionId}",
            $"- transcript hash: {TranscriptHash ?? "(not recorded)"}",
            $"- task: {TaskPath ?? "(unknown)"}{(TaskVersion is null ? "" : $" version {TaskVersion}")}",
            $"- upstream answer: {(UpstreamStatus is { } s ? $"HTTP {s}" : "(not recorded)")}",
            $"- events: {(Events.Count == 0 ? "(none found)" : string.Join(" → ", Events))}",
            $"- signatures: {(Signed ? "present" : "none (unsigned)")}",
        };
        return string.Join('\n', lines);
    }

    private static IEnumerable<(string Key, JsonNode? Value)> Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    yield return (k, v);
                    foreach (var inner in Walk(v)) yield return inner;
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                    foreach (var inner in Walk(item)) yield return inner;
                break;
        }
    }

    private static string? FindString(JsonNode? root, string key) =>
        Walk(root).Where(p => p.Key.Equals(key, StringComparison.OrdinalIgnoreCase) && p.Value is JsonValue)
            .Select(p => p.Value!.GetValueKind() == JsonValueKind.String ? p.Value.GetValue<string>() : p.Value.ToJsonString())
            .FirstOrDefault();

    private static int? FindNumber(JsonNode? root, string key) =>
        Walk(root).Where(p => p.Key.Equals(key, StringComparison.OrdinalIgnoreCase) && p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            .Select(p => (int?)p.Value!.GetValue<int>()).FirstOrDefault();

    private static List<string> FindEvents(JsonNode? root) =>
        Walk(root).Where(p => p.Key is "event" or "type" or "eventType" && p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            .Select(p => p.Value!.GetValue<string>()).Where(e => e.Contains('_') || e.Contains("api", StringComparison.OrdinalIgnoreCase)).ToList();

    private static bool HasSignature(JsonNode? root) =>
        Walk(root).Any(p => p.Key.Contains("signature", StringComparison.OrdinalIgnoreCase) && p.Value is not null &&
                            !(p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0));
}
