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
}
