using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Core.Schemas;

/// <summary>
/// Builds one object input schema per operation: path, query and header parameters plus the JSON body (its
/// properties flattened when it is a plain object, else wrapped as <c>body</c>). Names are claimed in that order;
/// a later name that collides gets its location as a suffix (<c>id_query</c>, <c>body_id</c>), the same way every time.
/// </summary>
public static partial class ToolSchemaBuilder
{
    public const string BodyArgument = "body";
    /// <summary>Control argument every per-operation tool has; claimed first, so an API parameter named "async" becomes "async_query".</summary>
    public const string AsyncArgument = "async";

    public static (JsonObject Schema, ArgumentMap Map) BuildInput(ApiOperation op)
    {
        var properties = new JsonObject
        {
            [AsyncArgument] = new JsonObject
            {
                ["type"] = "boolean",
                ["description"] = "true: start the execution and return its executionId at once (check it with truebit_get_execution) instead of waiting for the result.",
            },
        };
        var required = new List<string>();
        var bindings = new List<ArgumentBinding>();

        foreach (var location in new[] { ParameterLocation.Path, ParameterLocation.Query, ParameterLocation.Header })
        {
            foreach (var p in op.Parameters.Where(p => p.In == location))
            {
                // A header the manifest declares under a reserved or malformed name is never sent (the catalogue warns).
                if (location == ParameterLocation.Header && !HeaderPolicy.IsSendable(p.Name!)) continue;
                var schema = ParameterSchema(p);
                if (location == ParameterLocation.Header && schema["type"]?.ToString() == "string" && !schema.ContainsKey("pattern"))
                    schema["pattern"] = HeaderPolicy.ValuePattern;
                // An empty path segment would change the request path; the dispatcher side refuses it too.
                if (location == ParameterLocation.Path && schema["type"]?.ToString() == "string" && !schema.ContainsKey("minLength"))
                    schema["minLength"] = 1;
                var argLocation = location switch
                {
                    ParameterLocation.Path => ArgumentLocation.Path,
                    ParameterLocation.Query => ArgumentLocation.Query,
                    _ => ArgumentLocation.Header,
                };
                var name = Claim(properties, p.Name!, argLocation.ToString().ToLowerInvariant());
                properties[name] = schema;
                bindings.Add(new ArgumentBinding(name, argLocation, p.Name!));
                if (p.Required || location == ParameterLocation.Path) required.Add(name);
            }
        }

        AddBody(op, properties, required, bindings);
        // Listed last for readability; it was claimed first so that no API parameter can take its name.
        var control = properties[AsyncArgument]!;
        properties.Remove(AsyncArgument);
        properties[AsyncArgument] = control;

        var root = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
        };
        if (required.Count > 0) root["required"] = new JsonArray(required.Select(r => (JsonNode)r!).ToArray());
        root["additionalProperties"] = false;
        return (root, new ArgumentMap(bindings));
    }

    /// <summary>The result wrapper every per-operation tool returns, with the 2xx JSON response schema as <c>output</c>.</summary>
    public static JsonObject BuildOutput(ApiOperation op)
    {
        var output = op.SuccessSchema is null ? new JsonObject() : Relax(new OpenApiSchemaConverter(SchemaDirection.Output).Convert(op.SuccessSchema));
        output["description"] = "The target API's response body (when the execution finished).";
        return ResultSchemas.ExecutionResult(output);
    }

    private static void AddBody(ApiOperation op, JsonObject properties, List<string> required, List<ArgumentBinding> bindings)
    {
        if (op.RequestBody?.Content is not { Count: > 0 } content) return;
        var media = content.FirstOrDefault(c => ManifestLoader.IsJson(c.Key));
        if (media.Value is null) media = content.First();
        var bodyRequired = op.RequestBody.Required;
        var description = op.RequestBody.Description;

        if (media.Value.Schema is null)
        {
            var free = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = true,
                ["description"] = description ?? "JSON request body (the manifest does not describe its fields).",
            };
            AddWrapped(free);
            return;
        }

        var body = new OpenApiSchemaConverter(SchemaDirection.Input).Convert(media.Value.Schema);
        if (IsFlattenable(body))
        {
            var bodyRequiredProps = (body["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            foreach (var (name, schema) in ((JsonObject)body["properties"]!).ToList())
            {
                var arg = Claim(properties, name, BodyArgument);
                properties[arg] = schema!.DeepClone();
                bindings.Add(new ArgumentBinding(arg, ArgumentLocation.BodyProperty, name));
                if (bodyRequired && bodyRequiredProps.Contains(name)) required.Add(arg);
            }
            return;
        }
        if (description is not null && !body.ContainsKey("description")) body["description"] = description;
        AddWrapped(body);

        void AddWrapped(JsonObject schema)
        {
            var arg = Claim(properties, BodyArgument, "request");
            properties[arg] = schema;
            bindings.Add(new ArgumentBinding(arg, ArgumentLocation.Body, BodyArgument));
            if (bodyRequired) required.Add(arg);
        }
    }

    /// <summary>A body can be spread over the root only when it is a closed, plain object.</summary>
    private static bool IsFlattenable(JsonObject body) =>
        body["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String &&
        body["type"]!.GetValue<string>() == "object" &&
        body["properties"] is JsonObject { Count: > 0 } &&
        !body.ContainsKey("anyOf") && !body.ContainsKey("not") && !body.ContainsKey("patternProperties") &&
        // An open body (additionalProperties true or a schema) cannot live under the closed root.
        (body["additionalProperties"] is null || body["additionalProperties"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.False);

    private static JsonObject ParameterSchema(IOpenApiParameter p)
    {
        var source = p.Schema ?? p.Content?.Values.FirstOrDefault()?.Schema;
        var schema = source is null ? new JsonObject { ["type"] = "string" } : new OpenApiSchemaConverter(SchemaDirection.Input).Convert(source);
        if (!string.IsNullOrWhiteSpace(p.Description)) schema["description"] = p.Description.Trim();
        if (p.Deprecated) schema["deprecated"] = true;
        return schema;
    }

    /// <summary>A property key hosts accept (^[a-zA-Z0-9_.-]{1,64}$), unique in <paramref name="taken"/>.</summary>
    private static string Claim(JsonObject taken, string wanted, string suffix)
    {
        var name = InvalidKeyChars().Replace(wanted, "_");
        if (name.Length == 0) name = suffix;
        if (name.Length > 64) name = name[..64];
        if (!taken.ContainsKey(name)) return name;
        var candidate = suffix == BodyArgument ? $"body_{name}" : $"{name}_{suffix}";
        for (var i = 2; taken.ContainsKey(candidate); i++) candidate = $"{name}_{suffix}{i}";
        return candidate.Length > 64 ? candidate[..64] : candidate;
    }

    /// <summary>
    /// Upstream responses often omit fields their schema marks required; an output schema must not reject them.
    /// Walks schema positions only, so a property that happens to be named "required" is kept.
    /// </summary>
    private static JsonObject Relax(JsonObject schema)
    {
        schema.Remove("required");
        if (schema["additionalProperties"] is JsonValue) schema.Remove("additionalProperties");
        if (schema["properties"] is JsonObject props)
            foreach (var (_, child) in props) if (child is JsonObject o) Relax(o);
        foreach (var key in new[] { "items", "additionalProperties", "not" })
            if (schema[key] is JsonObject o) Relax(o);
        foreach (var key in new[] { "anyOf", "allOf", "oneOf" })
            if (schema[key] is JsonArray a) foreach (var item in a.OfType<JsonObject>()) Relax(item);
        return schema;
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex InvalidKeyChars();
}
