using System.Text.Json.Nodes;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Schemas;
using Xunit;

namespace TruebitMcp.Core.Tests;

/// <summary>Conversion cases found in review: allOf-only required lists, output relaxing, reserved header parameters, open bodies.</summary>
public sealed class SchemaEdgeCaseTests
{
    private const string Manifest = """
        {"openapi":"3.0.3","info":{"title":"t","version":"1"},"servers":[{"url":"https://api.example"}],
         "components":{"schemas":{
           "Base":{"type":"object","properties":{"name":{"type":"string"},"size":{"type":"integer"}}},
           "Merged":{"allOf":[{"$ref":"#/components/schemas/Base"}],"required":["name"]},
           "Odd":{"type":"object","required":["required"],"properties":{"required":{"type":"string"},"additionalProperties":{"type":"integer"}}}}},
         "paths":{
           "/merged":{"post":{"operationId":"postMerged","requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Merged"}}}},
                              "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Odd"}}}}}}},
           "/open":{"post":{"operationId":"postOpen","requestBody":{"content":{"application/json":{"schema":{"type":"object","additionalProperties":{"type":"integer"},"properties":{"a":{"type":"string"}}}}}},"responses":{"200":{"description":"ok"}}}},
           "/hdr":{"get":{"operationId":"getHdr","parameters":[
              {"name":"Host","in":"header","schema":{"type":"string"}},
              {"name":"x-api-key","in":"header","schema":{"type":"string"}},
              {"name":"bad name","in":"header","schema":{"type":"string"}},
              {"name":"X-Trace","in":"header","schema":{"type":"string"}}],"responses":{"200":{"description":"ok"}}}}}}
        """;

    private static TaskCatalog Catalog()
    {
        using var dir = new TempDir();
        dir.Write("m.json", Manifest);
        return TaskCatalogBuilder.Build(new TruebitMcpOptions
        {
            BaseDirectory = dir.Path,
            Tasks = [new TaskOptions { Namespace = "ns", TaskName = "t", Manifest = "m.json" }],
        });
    }

    [Fact]
    public void A_required_list_next_to_allOf_is_kept()
    {
        var tool = Catalog().FindTool("t_post_merged")!;
        Assert.Equal(["name"], tool.InputSchema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.NotEmpty(tool.Validator.Validate(System.Text.Json.JsonDocument.Parse("""{"size":1}""").RootElement));
    }

    [Fact]
    public void Relaxing_an_output_schema_keeps_properties_named_like_keywords()
    {
        var output = Catalog().FindTool("t_post_merged")!.OutputSchema!["properties"]!["output"]!;
        var props = output["properties"]!.AsObject();
        Assert.True(props.ContainsKey("required"));
        Assert.True(props.ContainsKey("additionalProperties"));
        Assert.Null(output["required"]);
    }

    /// <summary>
    /// A body whose additionalProperties is a schema stays whole. (Microsoft.OpenApi cannot tell an explicit
    /// "additionalProperties: true" from an absent one, so such bodies are flattened like any plain object.)
    /// </summary>
    [Fact]
    public void An_open_body_is_not_flattened_under_the_closed_root()
    {
        var tool = Catalog().FindTool("t_post_open")!;
        Assert.Equal(ArgumentLocation.Body, tool.Arguments.Find("body")!.Location);
        Assert.Empty(tool.Validator.Validate(System.Text.Json.JsonDocument.Parse("""{"body":{"a":"x","extra":1}}""").RootElement));
    }

    [Fact]
    public void Reserved_or_malformed_header_parameters_are_left_out_with_a_warning()
    {
        var catalog = Catalog();
        var tool = catalog.FindTool("t_get_hdr")!;
        Assert.Equal(["X-Trace", "async"], tool.InputSchema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(3, catalog.Problems.Count(p => !p.Fatal && p.Message.Contains("header parameter")));
        // Header values with CR/LF are refused by the schema itself.
        Assert.NotEmpty(tool.Validator.Validate(System.Text.Json.JsonDocument.Parse("{\"X-Trace\":\"a\\r\\nInjected: 1\"}").RootElement));
    }

    [Fact]
    public void A_tool_whose_schema_fails_the_lint_is_dropped_alone_with_a_warning_naming_it()
    {
        using var dir = new TempDir();
        dir.Write("bad.json", """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},"servers":[{"url":"https://api.example"}],
             "paths":{
               "/good/{id}":{"get":{"operationId":"getGood","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"ok"}}}},
               "/bad/{id}":{"get":{"operationId":"getBad","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string","pattern":"(unclosed"}}],"responses":{"200":{"description":"ok"}}}}}}
            """);
        var catalog = TaskCatalogBuilder.Build(new TruebitMcpOptions
        {
            BaseDirectory = dir.Path,
            Tasks = [new TaskOptions { Namespace = "ns", TaskName = "t", Manifest = "bad.json" }],
        });
        Assert.Equal(["t_get_good"], catalog.Tools.Select(t => t.Name));
        var problem = Assert.Single(catalog.Problems);
        Assert.False(problem.Fatal);
        Assert.Contains("task ns/t operation getBad", problem.Where);
        Assert.Contains("tool dropped", problem.Message);
    }
}
