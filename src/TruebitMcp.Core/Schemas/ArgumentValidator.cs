using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace TruebitMcp.Core.Schemas;

/// <summary>One thing wrong with a tool call's arguments, at a JSON pointer into them.</summary>
public sealed record Violation(string Pointer, string Message)
{
    public override string ToString() => $"{(Pointer.Length == 0 ? "(root)" : Pointer)}: {Message}";
}

/// <summary>Validates tool arguments against the tool's input schema with a real JSON Schema 2020-12 evaluator.</summary>
public sealed class ArgumentValidator
{
    private readonly JsonSchema _schema;

    public ArgumentValidator(JsonObject inputSchema)
    {
        _schema = JsonSchema.Build(JsonSerializer.SerializeToElement(inputSchema), SchemaBuild.IsolatedOptions());
    }

    public IReadOnlyList<Violation> Validate(JsonElement arguments)
    {
        var result = _schema.Evaluate(arguments, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        var violations = new List<Violation>();
        foreach (var detail in result.Details ?? [])
        {
            if (detail.Errors is null) continue;
            foreach (var (keyword, message) in detail.Errors)
                violations.Add(new Violation(detail.InstanceLocation.ToString(), Describe(keyword, message, detail, arguments)));
        }
        if (violations.Count == 0 && result.Errors is { } top)
            violations.AddRange(top.Select(e => new Violation("", e.Value)));
        if (violations.Count == 0) violations.Add(new Violation("", "the arguments do not match the tool's input schema"));
        return violations.Distinct().ToList();
    }

    private static string Describe(string keyword, string message, EvaluationResults detail, JsonElement arguments)
    {
        // Unknown properties are reported at the object; name them so the caller sees the typo.
        if (keyword == "additionalProperties" && detail.Annotations is null)
            return message + " (remove arguments the tool does not declare)";
        return message;
    }
}

internal static class SchemaBuild
{
    /// <summary>Each schema is built in its own registry so rebuilding a tool never clashes with an earlier build.</summary>
    public static BuildOptions IsolatedOptions() => new() { SchemaRegistry = new SchemaRegistry() };
}
