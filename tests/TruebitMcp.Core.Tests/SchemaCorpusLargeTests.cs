using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Schemas;

namespace TruebitMcp.Core.Tests;

/// <summary>
/// The corpus checks over real-world documents: the larger public OpenAPI documents in TestData/openapi-corpus/large,
/// every manifest in the repository's examples/ folder and every manifest in ../shared/manifests (when present).
/// For each: valid, unique, short tool names; every schema lints clean, serialises without $ref; no tool dropped.
/// </summary>
public partial class SchemaCorpusTests
{
    public static TheoryData<string> ManifestSets => ["large", "examples", "shared"];

    private static IReadOnlyList<string> ManifestSet(string set) => set switch
    {
        "large" => TestFiles.LargeManifests().ToList(),
        "examples" => TestFiles.ExampleManifests().ToList(),
        "shared" => TestFiles.SharedManifests().ToList(),
        _ => throw new ArgumentOutOfRangeException(nameof(set)),
    };

    private static readonly ConcurrentDictionary<string, Lazy<TaskCatalog>> SetCatalogs = new();

    private static TaskCatalog CatalogFor(string set) =>
        SetCatalogs.GetOrAdd(set, s => new Lazy<TaskCatalog>(() => TaskCatalogBuilder.Build(OptionsFor(ManifestSet(s))))).Value;

    private static TruebitMcpOptions OptionsFor(IReadOnlyList<string> files) => new()
    {
        BaseDirectory = TestFiles.Root,
        Tasks = files.Select((f, i) => new TaskOptions
        {
            Namespace = "62faaf33",
            TaskName = $"t{i:00}_{Path.GetFileNameWithoutExtension(f).Replace('.', '_')}",
            Manifest = Path.GetFullPath(f),
        }).ToList(),
    };

    [Fact]
    public void Large_corpus_is_present_mixed_and_within_size_budget()
    {
        var files = TestFiles.LargeManifests().ToList();
        var sizes = files.ToDictionary(f => Path.GetFileName(f), f => new FileInfo(f).Length);
        Assert.True(sizes.Values.Count(s => s is >= 100_000 and <= 1_500_000) >= 3, string.Join(", ", sizes));
        Assert.True(sizes.Values.Sum() < 4_000_000, $"{sizes.Values.Sum()} bytes in total");
        Assert.Contains(files, f => f.EndsWith(".yaml", StringComparison.Ordinal) && new FileInfo(f).Length >= 100_000);
        var texts = files.Select(File.ReadAllText).ToList();
        Assert.Contains(texts, t => t.Contains("\"openapi\": \"3.1", StringComparison.Ordinal) || t.Contains("openapi: 3.1", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("openapi: 3.0", StringComparison.Ordinal) || t.Contains("\"openapi\": \"3.0", StringComparison.Ordinal));
        // Between them they exercise the constructs the converter has to handle.
        foreach (var construct in new[] { "allOf", "oneOf", "anyOf", "nullable", "readOnly", "writeOnly", "discriminator", "const" })
            Assert.True(texts.Any(t => t.Contains(construct, StringComparison.Ordinal)), $"no document uses {construct}");
        Assert.Contains(texts, t => t.Contains("\"type\": [", StringComparison.Ordinal) || t.Contains("type: [", StringComparison.Ordinal) || t.Contains("type:\n        - ", StringComparison.Ordinal));
    }

    [Fact]
    public void Example_manifests_are_found()
    {
        Assert.NotNull(TestFiles.RepoRoot());
        var files = TestFiles.ExampleManifests().ToList();
        Assert.Contains(files, f => f.Replace('\\', '/').Contains("examples/demo/manifests/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Replace('\\', '/').Contains("examples/truebit-examples/", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith(".input.json", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ManifestSets))]
    public void Every_manifest_in_set_loads_and_no_tool_is_dropped(string set)
    {
        var files = ManifestSet(set);
        if (files.Count == 0)
        {
            Assert.Equal("shared", set); // only the shared folder may be absent (it lives beside the clone in CI)
            return;
        }
        var c = CatalogFor(set);
        Assert.Equal(files.Count, c.Tasks.Count);
        Assert.All(c.Tasks, t => Assert.True(t.Manifest is not null, $"{t.Options.Manifest}: {t.Error}"));
        Assert.DoesNotContain(c.Problems, p => p.Fatal);
        var dropped = c.Problems.Where(p => p.Message.Contains("tool dropped", StringComparison.Ordinal)).Select(p => p.ToString()).ToList();
        Assert.True(dropped.Count == 0, $"{dropped.Count} tools dropped:\n" + string.Join("\n", dropped.Take(20)));
        foreach (var task in c.Tasks)
        {
            var ops = task.Manifest!.Operations.Count;
            Assert.True(ops > 0, $"{task.Options.Manifest} has no operations");
            Assert.Equal(ops, c.Tools.Count(t => t.Task == task.Options));
        }
    }

    [Theory]
    [MemberData(nameof(ManifestSets))]
    public void Tool_names_in_set_are_host_safe_unique_and_short(string set)
    {
        if (ManifestSet(set).Count == 0) return;
        var names = CatalogFor(set).Tools.Select(t => t.Name).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Matches(HostName(), n));
        Assert.All(names, n => Assert.True(n.Length <= 48, $"{n} is {n.Length} long"));
        var duplicates = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "duplicate names: " + string.Join(", ", duplicates));
        Assert.Empty(names.Intersect(TaskCatalogBuilder.ReservedNames));
    }

    [Theory]
    [MemberData(nameof(ManifestSets))]
    public void Every_schema_in_set_lints_clean_and_serialises_without_refs(string set)
    {
        if (ManifestSet(set).Count == 0) return;
        foreach (var tool in CatalogFor(set).Tools)
        {
            var lint = SchemaLinter.Lint(tool.Name, tool.InputSchema, tool.OutputSchema);
            Assert.True(lint.Count == 0, $"{tool.Name}: {string.Join("; ", lint)}");
            foreach (var schema in new[] { tool.InputSchema, tool.OutputSchema! })
            {
                var text = JsonSerializer.Serialize(schema);
                Assert.DoesNotContain("\"$ref\"", text);
                Assert.True(text.Length < 2_000_000, $"{tool.Name}: schema is {text.Length} chars");
                foreach (var s in SchemaNodes(schema))
                    foreach (var banned in new[] { "oneOf", "nullable", "discriminator", "xml", "externalDocs", "readOnly", "writeOnly", "example" })
                        Assert.False(s.ContainsKey(banned), $"{tool.Name}: '{banned}' left in {Cut(s.ToJsonString())}");
                foreach (var s in SchemaNodes(schema))
                    if (s["properties"] is JsonObject props)
                        Assert.All(props, kv => Assert.NotNull(kv.Value));
            }
            Assert.Equal("object", tool.InputSchema["type"]!.GetValue<string>());
            Assert.NotNull(tool.InputSchema["properties"]);
            Assert.NotEmpty(tool.Description);
            Assert.True(tool.Description.Length <= 1024, $"{tool.Name}: description is {tool.Description.Length} long");
        }
    }

    [Fact]
    public void Large_documents_exercise_recursion_unions_nullability_and_read_only()
    {
        var tools = CatalogFor("large").Tools;
        var all = tools.SelectMany(t => new[] { t.InputSchema, t.OutputSchema! }).SelectMany(SchemaNodes).ToList();
        // Recursive references were cut, not expanded forever.
        Assert.Contains(all, s => s["description"] is JsonValue d && d.GetValue<string>().StartsWith("Recursive ", StringComparison.Ordinal));
        // oneOf/anyOf became anyOf; nullable and 3.1 type arrays became type unions with null.
        Assert.Contains(all, s => s.ContainsKey("anyOf"));
        Assert.Contains(all, s => s["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "null"));
        // 3.1 const survives.
        Assert.Contains(all, s => s.ContainsKey("const"));
        // Wide, acyclic reference fan-out (Discord's message components) is bounded instead of inlined in full.
        Assert.Contains(all, s => s["description"] is JsonValue d && d.GetValue<string>().Contains("not expanded: the schema is too large", StringComparison.Ordinal));
        Assert.All(tools, t => Assert.True(JsonSerializer.Serialize(t.InputSchema).Length < 300_000, $"{t.Name} input schema too large"));
    }

    [Fact]
    public void Every_tool_with_a_cut_input_schema_is_named_in_a_warning()
    {
        var catalog = CatalogFor("large");
        var cut = catalog.Tools.Where(t => t.InputSchema.ToJsonString().Contains(OpenApiSchemaConverter.CutMarker, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(cut);
        Assert.All(cut, t => Assert.Contains(catalog.Problems, p => !p.Fatal && p.Message.Contains($"tool {t.Name}:", StringComparison.Ordinal)));
        Assert.Equal(cut.Count, catalog.Problems.Count(p => p.Message.Contains("accept any value", StringComparison.Ordinal)));
    }

    /// <summary>Every subschema of a JSON Schema, following only schema-valued keywords (a property named "description" is not a keyword).</summary>
    private static IEnumerable<JsonObject> SchemaNodes(JsonNode? node)
    {
        if (node is not JsonObject o) yield break;
        yield return o;
        foreach (var (key, value) in o)
        {
            IEnumerable<JsonNode?> children = key switch
            {
                "properties" or "patternProperties" or "$defs" or "dependentSchemas" => (value as JsonObject)?.Select(kv => kv.Value) ?? [],
                "items" or "additionalProperties" or "not" or "contains" or "propertyNames" or "if" or "then" or "else" or "unevaluatedProperties" or "unevaluatedItems" => [value],
                "anyOf" or "allOf" or "oneOf" or "prefixItems" => (value as JsonArray)?.AsEnumerable() ?? [],
                _ => [],
            };
            foreach (var child in children)
                foreach (var sub in SchemaNodes(child)) yield return sub;
        }
    }

    private static string Cut(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
