using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using TruebitMcp.Core.Naming;

namespace TruebitMcp.Core.Schemas;

/// <summary>
/// Checks a generated tool against what strict hosts accept. One bad schema can make a host reject the whole
/// tools/list, so a tool with any problem here is dropped (with a warning) rather than published.
/// </summary>
public static partial class SchemaLinter
{
    public static IReadOnlyList<string> Lint(string toolName, JsonObject inputSchema, JsonObject? outputSchema)
    {
        var problems = new List<string>();
        if (!ToolNames.IsValid(toolName)) problems.Add($"tool name '{toolName}' does not match ^[A-Za-z0-9_-]{{1,64}}$");
        LintRoot("inputSchema", inputSchema, problems);
        if (inputSchema["properties"] is JsonObject props)
            foreach (var (key, _) in props)
                if (!PropertyKey().IsMatch(key)) problems.Add($"inputSchema property '{key}' does not match ^[a-zA-Z0-9_.-]{{1,64}}$");
        if (outputSchema is not null) LintRoot("outputSchema", outputSchema, problems);
        return problems;
    }

    private static void LintRoot(string what, JsonObject schema, List<string> problems)
    {
        if (schema["type"]?.GetValueKind() != JsonValueKind.String || schema["type"]!.GetValue<string>() != "object")
            problems.Add($"{what} root is not {{\"type\":\"object\"}}");
        foreach (var union in new[] { "anyOf", "oneOf", "allOf" })
            if (schema.ContainsKey(union)) problems.Add($"{what} has a top-level {union}");
        Walk(schema, "", what, problems);

        var element = JsonSerializer.SerializeToElement(schema);
        try
        {
            JsonSchema.Build(element, SchemaBuild.IsolatedOptions());
        }
        catch (Exception ex) when (ex is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException)
        {
            problems.Add($"{what} does not compile as JSON Schema: {ex.Message}");
            return;
        }
        var meta = MetaSchemas.Draft202012.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!meta.IsValid)
        {
            var first = meta.Details?.FirstOrDefault(d => d.Errors is { Count: > 0 });
            problems.Add($"{what} is not valid against the JSON Schema 2020-12 meta-schema" +
                         (first is null ? "" : $" at {first.InstanceLocation}: {first.Errors!.First().Value}"));
        }
    }

    private static void Walk(JsonNode? node, string pointer, string what, List<string> problems)
    {
        switch (node)
        {
            case JsonObject o:
                if (o.ContainsKey("$ref")) problems.Add($"{what}{pointer} keeps a $ref (references must be inlined)");
                if (TypeIs(o, "array") && !o.ContainsKey("items")) problems.Add($"{what}{pointer} is an array without items");
                foreach (var (k, v) in o)
                    if (k is not ("enum" or "const" or "default" or "examples")) Walk(v, $"{pointer}/{k}", what, problems);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) Walk(a[i], $"{pointer}/{i}", what, problems);
                break;
        }
    }

    private static bool TypeIs(JsonObject o, string type) => o["type"] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() == type,
        JsonArray arr => arr.Any(t => t?.GetValue<string>() == type),
        _ => false,
    };

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,64}$")]
    private static partial Regex PropertyKey();
}
