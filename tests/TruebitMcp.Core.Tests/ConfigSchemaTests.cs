using System.Reflection;
using System.Text.Json.Nodes;
using TruebitMcp.Core.Configuration;
using Xunit;

namespace TruebitMcp.Core.Tests;

/// <summary>The published config schema and the options classes must describe the same keys.</summary>
public sealed class ConfigSchemaTests
{
    [Fact]
    public void Every_bindable_option_is_in_the_published_schema_and_nothing_else()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(CatalogOptionsTests.RepoRoot(), "docs", "truebit-mcp.schema.json")))!;
        var problems = new List<string>();
        Compare(typeof(TruebitMcpOptions), schema, "", problems);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static void Compare(Type type, JsonNode schema, string at, List<string> problems)
    {
        var props = schema["properties"]?.AsObject() ?? [];
        var bindable = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.Name is not ("BaseDirectory" or "SourceFile"))
            .ToDictionary(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]);
        foreach (var (name, prop) in bindable)
        {
            if (props[name] is not { } child) { problems.Add($"{at}{name}: in {type.Name} but not in the schema"); continue; }
            var t = prop.PropertyType;
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) && t.GetGenericArguments()[0].Namespace == typeof(TaskOptions).Namespace)
                Compare(t.GetGenericArguments()[0], child["items"]!, $"{at}{name}[].", problems);
            else if (t.IsClass && t.Namespace == typeof(TaskOptions).Namespace)
                Compare(t, child, $"{at}{name}.", problems);
        }
        foreach (var (name, _) in props)
            if (name != "$schema" && !bindable.ContainsKey(name)) problems.Add($"{at}{name}: in the schema but not in {type.Name}");
    }
}
