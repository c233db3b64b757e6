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
    private string[] _secrets;

    public SecretRedactor(IEnumerable<string> secrets) => _secrets = Normalise(secrets);

    public static SecretRedactor None { get; } = new([]);

    /// <summary>Replaces the set of secrets (config reload).</summary>
    public void Update(IEnumerable<string> secrets) => _secrets = Normalise(secrets);

    public bool IsEmpty => _secrets.Length == 0;

    public string Redact(string text)
    {
        foreach (var s in _secrets)
            if (text.Contains(s, StringComparison.Ordinal)) text = text.Replace(s, Mask, StringComparison.Ordinal);
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
        secrets.Where(s => s.Length >= 4).Distinct().OrderByDescending(s => s.Length).ToArray();
}
