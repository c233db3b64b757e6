using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TruebitMcp.Core.Dispatcher;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Schemas;

namespace TruebitMcp.Core.Execution;

/// <summary>
/// Rebuilds the Truebit <c>input</c> from validated tool arguments: the path template is kept, path and query
/// values go to <c>params</c>, and a query placeholder is appended to the template only for query arguments given.
/// </summary>
public static class TruebitInputBuilder
{
    public static TaskInput Build(ApiOperation op, ArgumentMap map, JsonObject arguments, IReadOnlyDictionary<string, string>? headers)
    {
        var parameters = new JsonObject();
        var query = new StringBuilder();
        JsonNode? body = null;
        var outHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        foreach (var binding in map.Bindings)
        {
            if (!arguments.TryGetPropertyValue(binding.ArgumentName, out var value)) continue;
            switch (binding.Location)
            {
                case ArgumentLocation.Path:
                    parameters[binding.TargetName] = value?.DeepClone();
                    break;
                case ArgumentLocation.Query:
                    // A query parameter named like a path parameter needs its own placeholder in params.
                    var placeholder = map.Bindings.Any(b => b.Location == ArgumentLocation.Path && b.TargetName == binding.TargetName)
                        ? binding.ArgumentName : binding.TargetName;
                    parameters[placeholder] = value?.DeepClone();
                    query.Append(query.Length == 0 && !op.PathTemplate.Contains('?') ? '?' : '&')
                         .Append(binding.TargetName).Append("={").Append(placeholder).Append('}');
                    break;
                case ArgumentLocation.Header:
                    outHeaders[binding.TargetName] = AsHeaderValue(value);
                    break;
                case ArgumentLocation.BodyProperty:
                    body ??= new JsonObject();
                    ((JsonObject)body)[binding.TargetName] = value?.DeepClone();
                    break;
                case ArgumentLocation.Body:
                    body = value?.DeepClone();
                    break;
            }
        }

        // Configured headers are applied last so that nothing from the agent replaces them.
        if (headers is not null) foreach (var (name, value) in headers) outHeaders[name] = value;

        return new TaskInput
        {
            Path = op.PathTemplate + query,
            Method = op.Method,
            Params = parameters.Count > 0 ? parameters : null,
            Body = body,
            Headers = outHeaders.Count > 0 ? outHeaders : null,
        };
    }

    private static string AsHeaderValue(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(),
    };

    /// <summary>
    /// Fills a Truebit path template from params, percent-encoding every value. A value of "." or ".." in the path
    /// part is refused: escaping leaves it as a dot-segment that URL resolution would collapse onto another path.
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
                if (text is "." or ".." && (queryStart < 0 || i < queryStart)) throw new UnsafePathValueException(name, text);
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
    : Exception($"path parameter '{parameter}' may not be '{value}' (it would change the request path)")
{
    public string Parameter { get; } = parameter;
}
