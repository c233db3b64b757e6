using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Schemas;

namespace TruebitMcp.Core.Tests;

public partial class SchemaCorpusTests
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex HostName();

    private static TruebitMcpOptions OptionsForAll() => new()
    {
        BaseDirectory = TestFiles.Root,
        Tasks = TestFiles.AllManifests().Select((f, i) => new TaskOptions
        {
            Namespace = "62faaf33",
            TaskName = $"t{i:00}_{Path.GetFileNameWithoutExtension(f)}",
            Manifest = Path.GetRelativePath(TestFiles.Root, f),
        }).ToList(),
    };

    private static readonly Lazy<TaskCatalog> Catalog = new(() => TaskCatalogBuilder.Build(OptionsForAll()));

    private static OperationTool Tool(string manifestFile, string operationId) =>
        Catalog.Value.Tools.Single(t => t.Task.Manifest.EndsWith(manifestFile, StringComparison.Ordinal) && t.Operation.OperationId == operationId);

    private static IEnumerable<JsonObject> Subschemas(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (k, v) in o)
                    if (k is not ("enum" or "const" or "default" or "examples"))
                        foreach (var s in Subschemas(v)) yield return s;
                break;
            case JsonArray a:
                foreach (var item in a) foreach (var s in Subschemas(item)) yield return s;
                break;
        }
    }

    [Fact]
    public void Corpus_is_present_and_small()
    {
        var files = TestFiles.AllManifests().ToList();
        Assert.True(files.Count >= 15, $"{files.Count} manifests");
        Assert.All(files, f => Assert.True(new FileInfo(f).Length < 300_000, f));
        Assert.Contains(files, f => f.EndsWith(".yaml", StringComparison.Ordinal));
        Assert.Contains(files, f => File.ReadAllText(f).Contains("\"openapi\": \"3.1.0\""));
    }

    [Fact]
    public void Every_manifest_loads_without_fatal_problems()
    {
        var c = Catalog.Value;
        Assert.DoesNotContain(c.Problems, p => p.Fatal);
        Assert.All(c.Tasks, t => Assert.True(t.Manifest is not null, $"{t.Options.Manifest}: {t.Error}"));
        Assert.DoesNotContain(c.Problems, p => p.Message.Contains("tool dropped"));
        // Every operation of every manifest became a tool.
        Assert.Equal(c.Tasks.Sum(t => t.Manifest!.Operations.Count), c.Tools.Count);
        Assert.True(c.Tools.Count >= 40, $"{c.Tools.Count} tools");
    }

    [Fact]
    public void Tool_names_are_host_safe_unique_and_short()
    {
        var names = Catalog.Value.Tools.Select(t => t.Name).ToList();
        Assert.All(names, n => Assert.Matches(HostName(), n));
        Assert.All(names, n => Assert.True(n.Length <= 48, $"{n} is {n.Length} long"));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(names.Intersect(TaskCatalogBuilder.ReservedNames));
    }

    [Fact]
    public void Building_twice_gives_the_same_tools()
    {
        var again = TaskCatalogBuilder.Build(OptionsForAll());
        Assert.Equal(Catalog.Value.Tools.Select(t => t.Name), again.Tools.Select(t => t.Name));
        Assert.Equal(Catalog.Value.Tools.Select(t => t.InputSchema.ToJsonString()), again.Tools.Select(t => t.InputSchema.ToJsonString()));
    }

    [Fact]
    public void Every_schema_lints_clean_and_has_no_refs_or_forbidden_keywords()
    {
        foreach (var tool in Catalog.Value.Tools)
        {
            Assert.Empty(SchemaLinter.Lint(tool.Name, tool.InputSchema, tool.OutputSchema));
            foreach (var schema in new[] { tool.InputSchema, tool.OutputSchema! })
            {
                var text = schema.ToJsonString();
                Assert.DoesNotContain("\"$ref\"", text);
                foreach (var s in Subschemas(schema))
                {
                    foreach (var banned in new[] { "oneOf", "nullable", "discriminator", "xml", "externalDocs", "readOnly", "writeOnly", "example" })
                        Assert.False(s.ContainsKey(banned), $"{tool.Name}: '{banned}' left in {s.ToJsonString()}");
                    if (s["type"] is JsonValue { } t && t.GetValue<string>() == "array" || s["type"] is JsonArray ta && ta.Any(x => x!.GetValue<string>() == "array"))
                        Assert.True(s.ContainsKey("items"), $"{tool.Name}: array without items");
                }
            }
            Assert.Equal("object", tool.InputSchema["type"]!.GetValue<string>());
            Assert.NotNull(tool.InputSchema["properties"]);
            Assert.False(tool.InputSchema.ContainsKey("anyOf"));
            Assert.NotEmpty(tool.Description);
        }
    }

    [Fact]
    public void Linter_catches_what_hosts_reject()
    {
        Assert.NotEmpty(SchemaLinter.Lint("bad.name", new JsonObject { ["type"] = "object" }, null));
        Assert.NotEmpty(SchemaLinter.Lint("ok", new JsonObject { ["type"] = "array", ["items"] = new JsonObject() }, null));
        Assert.NotEmpty(SchemaLinter.Lint("ok", JsonNode.Parse("""{"type":"object","anyOf":[{"type":"object"}]}""")!.AsObject(), null));
        Assert.NotEmpty(SchemaLinter.Lint("ok", JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"array"}}}""")!.AsObject(), null));
        Assert.NotEmpty(SchemaLinter.Lint("ok", JsonNode.Parse("""{"type":"object","properties":{"a":{"$ref":"#/x"}}}""")!.AsObject(), null));
        Assert.NotEmpty(SchemaLinter.Lint("ok", JsonNode.Parse("""{"type":"object","properties":{"a b":{}}}""")!.AsObject(), null));
        Assert.NotEmpty(SchemaLinter.Lint("ok", JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"strin"}}}""")!.AsObject(), null));
        Assert.Empty(SchemaLinter.Lint("ok", JsonNode.Parse("""{"type":"object","properties":{}}""")!.AsObject(), null));
    }

    [Fact]
    public void Nullable_becomes_a_type_union_with_null()
    {
        var create = Tool("edge-cases.yaml", "createPet").InputSchema["properties"]!;
        Assert.Equal(["string", "null"], create["nickname"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()).Order().Reverse());
        var depth = Tool("edge-cases.yaml", "getTree").InputSchema["properties"]!["depth"]!;
        Assert.Contains("null", depth["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("integer", depth["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        // OpenAPI 3.1 type arrays pass through.
        var limit = Tool("openapi31.json", "search").InputSchema["properties"]!["limit"]!;
        Assert.Equal(["integer", "null"], limit["type"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public void OneOf_becomes_anyOf()
    {
        var owner = Tool("edge-cases.yaml", "createPet").InputSchema["properties"]!["owner"]!.AsObject();
        Assert.False(owner.ContainsKey("oneOf"));
        Assert.Equal(2, owner["anyOf"]!.AsArray().Count);
        var shape = Tool("edge-cases.yaml", "addShape");
        var body = shape.InputSchema["properties"]!["body"]!.AsObject();
        Assert.Equal(2, body["anyOf"]!.AsArray().Count);
        Assert.False(body.ContainsKey("discriminator"));
        Assert.Equal(ArgumentLocation.Body, shape.Arguments.Find("body")!.Location);
    }

    [Fact]
    public void ReadOnly_properties_are_absent_from_inputs_and_present_in_outputs()
    {
        var create = Tool("edge-cases.yaml", "createPet");
        var props = create.InputSchema["properties"]!.AsObject();
        Assert.True(props.ContainsKey("name"));
        Assert.True(props.ContainsKey("secret")); // writeOnly stays in inputs
        Assert.False(props.ContainsKey("id"));
        Assert.False(props.ContainsKey("createdAt"));
        Assert.Equal(["name"], create.InputSchema["required"]!.AsArray().Select(r => r!.GetValue<string>()));

        var output = create.OutputSchema!["properties"]!["output"]!["properties"]!.AsObject();
        Assert.True(output.ContainsKey("id"));      // allOf merged, readOnly kept in outputs
        Assert.True(output.ContainsKey("name"));
        Assert.False(output.ContainsKey("secret")); // writeOnly dropped from outputs

        var put = Tool("edge-cases.yaml", "replaceTree").InputSchema["properties"]!.AsObject();
        Assert.True(put.ContainsKey("id"));         // the path parameter
        Assert.True(put.ContainsKey("label"));
        Assert.False(put.ContainsKey("body_id"));   // the body's readOnly id is gone, so no collision suffix
        var patch = Tool("openapi31.json", "patchItem").InputSchema["properties"]!.AsObject();
        Assert.False(patch.ContainsKey("id"));
        Assert.True(patch.ContainsKey("title"));
    }

    [Fact]
    public void Recursive_refs_are_cut()
    {
        foreach (var (file, id) in new[] { ("edge-cases.yaml", "getTree"), ("edge-cases.yaml", "replaceTree"), ("edge-cases.yaml", "getPerson"), ("openapi31.json", "patchItem") })
        {
            var tool = Tool(file, id);
            var text = JsonSerializer.Serialize(tool.InputSchema) + JsonSerializer.Serialize(tool.OutputSchema);
            Assert.DoesNotContain("$ref", text);
            Assert.True(text.Length < 100_000, $"{file} {id}: {text.Length} chars");
        }
        var tree = Tool("edge-cases.yaml", "getTree").OutputSchema!["properties"]!["output"]!;
        Assert.Contains("Recursive", tree["properties"]!["parent"]!["description"]!.GetValue<string>());
        Assert.Contains("Recursive", tree["properties"]!["children"]!["items"]!["description"]!.GetValue<string>());
        var person = Tool("edge-cases.yaml", "getPerson").OutputSchema!["properties"]!["output"]!;
        Assert.Contains("Recursive", person["properties"]!["employer"]!["properties"]!["ceo"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void Arrays_without_items_get_items()
    {
        var tags = Tool("edge-cases.yaml", "replaceTree").InputSchema["properties"]!["tags"]!.AsObject();
        Assert.Equal("array", tags["type"]!.GetValue<string>());
        Assert.NotNull(tags["items"]);
    }

    [Fact]
    public void Non_object_body_is_wrapped_and_output_wraps_non_object_responses()
    {
        var batch = Tool("edge-cases.yaml", "createPetsBatch");
        var body = batch.InputSchema["properties"]!["body"]!.AsObject();
        Assert.Equal("array", body["type"]!.GetValue<string>());
        Assert.Equal("object", batch.OutputSchema!["type"]!.GetValue<string>());
        Assert.Equal("array", batch.OutputSchema["properties"]!["output"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Operation_without_parameters_gets_an_object_schema_with_only_the_control_argument()
    {
        var tool = Catalog.Value.Tools.First(t => t.Operation.Parameters.Count == 0 && t.Operation.RequestBody is null);
        Assert.Equal("object", tool.InputSchema["type"]!.GetValue<string>());
        Assert.Equal([ToolSchemaBuilder.AsyncArgument], tool.InputSchema["properties"]!.AsObject().Select(p => p.Key));
        Assert.Null(tool.InputSchema["required"]);
        Assert.Empty(tool.Validator.Validate(JsonDocument.Parse("{}").RootElement));
    }

    [Fact]
    public void Header_parameter_becomes_an_argument()
    {
        var tool = Tool("edge-cases.yaml", "getTree");
        Assert.Equal(ArgumentLocation.Header, tool.Arguments.Find("X-Trace")!.Location);
        Assert.Equal(["id"], tool.InputSchema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public void A_thousand_operations_load_and_get_a_thousand_unique_names()
    {
        using var dir = new TempDir();
        var sb = new StringBuilder("""{"openapi":"3.0.3","info":{"title":"big","version":"1"},"servers":[{"url":"https://big.example"}],"paths":{""");
        for (var i = 0; i < 1000; i++)
        {
            if (i > 0) sb.Append(',');
            // Long ids force shortening; every 10th operation has no id; ids differ only late in the string.
            var id = i % 10 == 0 ? "" : $"\"operationId\":\"retrieveTheExtremelyDetailedInventoryRecordForWarehouseSection{i}\",";
            sb.Append("\"/warehouses/{warehouseId}/sections/s").Append(i).Append("\":{\"get\":{").Append(id)
              .Append("\"parameters\":[{\"name\":\"warehouseId\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}],")
              .Append("\"responses\":{\"200\":{\"description\":\"ok\",\"content\":{\"application/json\":{\"schema\":")
              .Append("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}}}}}}}");
        }
        sb.Append("}}");
        dir.Write("big.json", sb.ToString());

        var catalog = TaskCatalogBuilder.Build(new TruebitMcpOptions
        {
            BaseDirectory = dir.Path,
            Tasks = [new TaskOptions { Namespace = "62faaf33", TaskName = "inventory", Manifest = "big.json" }],
        });
        Assert.Empty(catalog.Problems);
        Assert.Equal(1000, catalog.Tasks.Single().Manifest!.Operations.Count);
        var names = catalog.Tools.Select(t => t.Name).ToList();
        Assert.Equal(1000, names.Count);
        Assert.Equal(1000, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.True(HostName().IsMatch(n) && n.Length <= 48, n));
    }

    [Fact]
    public void Include_exclude_and_read_only_filter_operations()
    {
        var options = new TruebitMcpOptions
        {
            BaseDirectory = TestFiles.Root,
            Tasks =
            [
                new TaskOptions { Namespace = "n", TaskName = "a", Manifest = "truebit-examples/petstore-crud/manifest.json", Include = ["store"], Exclude = ["deleteOrder"] },
                new TaskOptions { Namespace = "n", TaskName = "b", Manifest = "truebit-examples/petstore-crud/manifest.json", Include = ["GET"] },
            ],
        };
        var c = TaskCatalogBuilder.Build(options);
        Assert.Equal(["a_get_order_by_id", "a_place_order", "b_get_order_by_id"], c.Tools.Select(t => t.Name).Order());
        options.Tools.ReadOnly = true;
        Assert.Equal(["a_get_order_by_id", "b_get_order_by_id"], TaskCatalogBuilder.Build(options).Tools.Select(t => t.Name).Order());
        options.Tools.GenericOnly = true;
        Assert.Empty(TaskCatalogBuilder.Build(options).Tools);
    }

    [Fact]
    public void Same_manifest_under_two_tasks_with_one_prefix_gets_distinct_names()
    {
        var options = new TruebitMcpOptions
        {
            BaseDirectory = TestFiles.Root,
            Tasks =
            [
                new TaskOptions { Namespace = "aaaa1111", TaskName = "one", ToolPrefix = "pets", Manifest = "truebit-examples/petstore-crud/manifest.json" },
                new TaskOptions { Namespace = "bbbb2222", TaskName = "two", ToolPrefix = "pets", Manifest = "truebit-examples/petstore-crud/manifest.json" },
            ],
        };
        var tools = TaskCatalogBuilder.Build(options).Tools;
        Assert.Equal(6, tools.Count);
        Assert.Equal(6, tools.Select(t => t.Name).Distinct().Count());
        Assert.Equal(3, tools.Count(t => t.Task.TaskName == "one" && !t.Name.EndsWith(Naming.ToolNames.ShortHash($"aaaa1111/one#{t.Operation.StableId}"), StringComparison.Ordinal)));
    }

    [Fact]
    public void Broken_manifests_cost_only_their_task()
    {
        using var dir = new TempDir();
        dir.Write("swagger2.json", """{"swagger":"2.0","info":{"title":"x","version":"1"},"paths":{}}""");
        dir.Write("garbage.json", "{ not json");
        dir.Write("external.yaml", """
            openapi: 3.0.3
            info: { title: ext, version: "1" }
            paths:
              /a:
                get:
                  operationId: getA
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: { $ref: "https://evil.example/schema.json" }
            """);
        File.Copy(TestFiles.Path_("truebit-examples", "petstore-crud", "manifest.json"), Path.Combine(dir.Path, "ok.json"));
        var c = TaskCatalogBuilder.Build(new TruebitMcpOptions
        {
            BaseDirectory = dir.Path,
            Tasks =
            [
                new TaskOptions { Namespace = "n", TaskName = "swagger", Manifest = "swagger2.json" },
                new TaskOptions { Namespace = "n", TaskName = "garbage", Manifest = "garbage.json" },
                new TaskOptions { Namespace = "n", TaskName = "missing", Manifest = "missing.json" },
                new TaskOptions { Namespace = "n", TaskName = "ext", Manifest = "external.yaml" },
                new TaskOptions { Namespace = "n", TaskName = "ok", Manifest = "ok.json" },
            ],
        });
        Assert.Equal(3, c.Tools.Count(t => t.Task.TaskName == "ok"));
        Assert.Contains(c.Problems, p => p.Fatal && p.Where.Contains("n/swagger"));
        Assert.Contains(c.Problems, p => p.Fatal && p.Where.Contains("n/garbage"));
        Assert.Contains(c.Problems, p => p.Fatal && p.Where.Contains("n/missing"));
        Assert.Null(c.FindTask("n", "garbage")!.Manifest);
        Assert.DoesNotContain(c.Problems, p => p.Where.Contains("n/ok"));
        // The external reference is never fetched: either the manifest is refused or the reference is reported.
        Assert.Contains(c.Problems, p => p.Where.Contains("n/ext"));
        foreach (var t in c.Tools.Where(t => t.Task.TaskName == "ext"))
            Assert.DoesNotContain("$ref", t.OutputSchema!.ToJsonString());
    }
}
