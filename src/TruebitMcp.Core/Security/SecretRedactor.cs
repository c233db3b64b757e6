using System.Text.Json;
using System.Text.Json.Nodes;

namespace TruebitMcp.Core.Security;

/// <summary>
/// Knows every secret value of this server (API key, configured header values) and removes them from text and
/// JSON before anything leaves the process: tool results, errors, resources, logs.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "[REDACTED]";
    /// <summary>Values shorter than this are not masked: they would mask ordinary words.</summary>
    public const int MinimumLength = 4;
    /// <summary>The marker this server puts where it cuts text; a secret cut there leaves a prefix behind.</summary>
    public const char CutMarker = '…';
    private string[] _secrets;

    public SecretRedactor(IEnumerable<string> secrets) => _secrets = Normalise(secrets);

    public static SecretRedactor None { get; } = new([]);

    /// <summary>
    /// Adds secrets (config reload). Nothing is ever removed: a secret from an earlier configuration can still
    /// appear in transcripts of executions made with it.
    /// </summary>
    public void Add(IEnumerable<string> secrets) => _secrets = Normalise(_secrets.Concat(secrets));

    public bool IsEmpty => _secrets.Length == 0;

    public string Redact(string text)
    {
        foreach (var s in _secrets)
            if (text.Contains(s, StringComparison.Ordinal)) text = text.Replace(s, Mask, StringComparison.Ordinal);
        return text.Contains(CutMarker) ? RedactCutPrefixes(text) : text;
    }

    /// <summary>Masks JSON text by its decoded strings, so escaped forms (\u002B, \") of a secret are caught too.</summary>
    public string RedactJson(string json)
    {
        if (IsEmpty) return json;
        try { return Scrub(JsonNode.Parse(json))?.ToJsonString() ?? "null"; }
        catch (JsonException) { return Redact(json); }
    }

    /// <summary>Text cut before "…" may end with the beginning of a secret; mask such a prefix.</summary>
    private string RedactCutPrefixes(string text)
    {
        for (var at = text.IndexOf(CutMarker); at >= 0; at = text.IndexOf(CutMarker, at + 1))
        {
            foreach (var s in _secrets)
            {
                for (var k = s.Length - 1; k >= MinimumLength; k--)
                {
                    if (at < k || string.CompareOrdinal(text, at - k, s, 0, k) != 0) continue;
                    text = string.Concat(text.AsSpan(0, at - k), Mask, text.AsSpan(at));
                    at = at - k + Mask.Length;
                    break;
                }
            }
        }
        return text;
    }

    public bool Contains(string text) => _secrets.Any(s => text.Contains(s, StringComparison.Ordinal));

    /// <summary>A copy of the node with every string value (and property name) scrubbed.</summary>
    public JsonNode? Redact(JsonNode? node)
    {
        if (node is null || IsEmpty) return node?.DeepClone();
        return Scrub(node);
    }

    public JsonElement Redact(JsonElement element)
    {
        if (IsEmpty) return element.Clone();
        // Secrets may appear JSON-escaped in any of several ways; compare decoded strings, not raw text.
        var scrubbed = Scrub(JsonNode.Parse(element.GetRawText()));
        return JsonDocument.Parse(scrubbed?.ToJsonString() ?? "null").RootElement.Clone();
    }

    private JsonNode? Scrub(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (name, value) in o) copy[Redact(name)] = Scrub(value);
                return copy;
            case JsonArray a:
                return new JsonArray(a.Select(Scrub).ToArray());
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(Redact(v.GetValue<string>()));
            default:
                return node.DeepClone();
        }
    }

    // Short values would mask ordinary words; longest first so a secret containing another is fully masked.
    private static string[] Normalise(IEnumerable<string> secrets) =>
        secrets.Where(s => s.Length >= MinimumLength).Distinct().OrderByDescending(s => s.Length).ToArray();
}
