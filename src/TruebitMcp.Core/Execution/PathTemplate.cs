using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TruebitMcp.Core.Execution;

/// <summary>
/// A Truebit path template ("/store/order/{orderId}?status={status}") filled from <c>params</c>: every value is
/// percent-encoded, so no value can change the host or leave the path it was put in.
/// </summary>
public static class PathTemplate
{
    /// <summary>
    /// Fills the template from params, percent-encoding every value. A value of "", "." or ".." in the path
    /// part is refused: escaping leaves it as an empty or dot-segment that URL resolution would collapse onto
    /// another path.
    /// </summary>
    /// <exception cref="UnsafePathValueException">a path value is a dot-segment.</exception>
    public static string Expand(string template, JsonObject? parameters, out IReadOnlyList<string> missing)
    {
        var queryStart = template.IndexOf('?');
        var gaps = new List<string>();
        var sb = new StringBuilder(template.Length + 16);
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{') { sb.Append(template[i]); continue; }
            var end = template.IndexOf('}', i + 1);
            if (end < 0) { sb.Append(template, i, template.Length - i); break; }
            var name = template[(i + 1)..end];
            if (parameters is not null && parameters.TryGetPropertyValue(name, out var value) && value is not null)
            {
                var text = Scalar(value);
                if (text is "" or "." or ".." && (queryStart < 0 || i < queryStart)) throw new UnsafePathValueException(name, text);
                sb.Append(Uri.EscapeDataString(text));
            }
            else gaps.Add(name);
            i = end;
        }
        missing = gaps;
        return sb.ToString();
    }

    private static string Scalar(JsonNode value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number => v.ToJsonString(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        JsonArray a => string.Join(",", a.Select(x => x is null ? "" : Scalar(x))),
        _ => value.ToJsonString(),
    };
}

/// <summary>A path parameter whose value would move the call to another path.</summary>
public sealed class UnsafePathValueException(string parameter, string value)
    : Exception(value.Length == 0
        ? $"path parameter '{parameter}' may not be empty (it would change the request path)"
        : $"path parameter '{parameter}' may not be '{value}' (it would change the request path)")
{
    public string Parameter { get; } = parameter;
}
