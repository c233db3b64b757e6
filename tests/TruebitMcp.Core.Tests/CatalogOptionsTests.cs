using System.Text.Json;
using Json.Schema;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Schemas;
using Xunit;

namespace TruebitMcp.Core.Tests;

/// <summary>Surface control, annotation overrides, the control argument, transcripts and the config file's JSON Schema.</summary>
public sealed class CatalogOptionsTests
{
    private const string Manifest = """
        {"openapi":"3.0.3","info":{"title":"t","version":"1"},"servers":[{"url":"https://api.example"}],
         "paths":{
           "/items":{"get":{"operationId":"listItems","tags":["read"],"parameters":[{"name":"async","in":"query","schema":{"type":"boolean"}}],"responses":{"200":{"description":"ok"}}},
                     "post":{"operationId":"addItem","tags":["write"],"responses":{"200":{"description":"ok"}}}},
           "/items/{id}":{"delete":{"operationId":"removeItem","tags":["write"],"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"ok"}}}}}}
        """;

    private static TaskCatalog Build(Action<TruebitMcpOptions> configure)
    {
        using var dir = new TempDir();
        dir.Write("m.json", Manifest);
        var options = new TruebitMcpOptions { BaseDirectory = dir.Path, Tasks = [new TaskOptions { Namespace = "ns", TaskName = "items", Manifest = "m.json" }] };
        configure(options);
        return TaskCatalogBuilder.Build(options);
    }

    [Fact]
    public void Read_only_mode_publishes_only_read_only_operations()
    {
        var catalog = Build(o => o.Tools.ReadOnly = true);
        Assert.Equal(["items_list_items"], catalog.Tools.Select(t => t.Name));
    }

    [Fact]
    public void Generic_only_mode_publishes_no_operation_tools_but_keeps_the_tasks()
    {
        var catalog = Build(o => o.Tools.GenericOnly = true);
        Assert.Empty(catalog.Tools);
        Assert.NotNull(Assert.Single(catalog.Tasks).Manifest);
    }

    [Fact]
    public void Include_and_exclude_match_operation_ids_methods_and_tags_and_exclude_wins()
    {
        var catalog = Build(o => { o.Tasks[0].Include = ["write", "listItems"]; o.Tasks[0].Exclude = ["DELETE"]; });
        Assert.Equal(["items_list_items", "items_add_item"], catalog.Tools.Select(t => t.Name));
    }

    [Fact]
    public void Annotations_can_be_overridden_per_operation()
    {
        var catalog = Build(o => o.Tasks[0].Annotations["addItem"] = new AnnotationOptions { Destructive = false, Idempotent = true });
        var add = catalog.FindTool("items_add_item")!;
        Assert.Equal(new ToolHints(false, false, true, true), add.Hints);
        Assert.Equal(new ToolHints(false, true, true, true), catalog.FindTool("items_remove_item")!.Hints);
    }

    [Fact]
    public void An_api_parameter_named_like_the_control_argument_is_renamed_the_same_way_every_time()
    {
        var tool = Build(_ => { }).FindTool("items_list_items")!;
        Assert.Equal(ArgumentLocation.Query, tool.Arguments.Find("async_query")!.Location);
        Assert.Null(tool.Arguments.Find("async"));
        Assert.Equal("boolean", tool.InputSchema["properties"]!["async"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Tools_can_be_renamed_by_generated_name_operation_id_or_method_and_path()
    {
        var catalog = Build(o =>
        {
            o.Tools.Rename["items_list_items"] = "list_inventory";
            o.Tools.Rename["ns/items#addItem"] = "add_to_inventory";
            o.Tools.Rename["ns/items#DELETE /items/{id}"] = "remove_from_inventory";
        });
        Assert.Equal(["list_inventory", "add_to_inventory", "remove_from_inventory"], catalog.Tools.Select(t => t.Name));
    }

    [Fact]
    public void A_rename_to_an_invalid_name_is_a_config_error()
    {
        var o = new TruebitMcpOptions();
        o.Tools.Rename["items_list_items"] = "list inventory!";
        var error = Assert.Single(ConfigValidator.Validate(o));
        Assert.Equal("tools.rename.items_list_items", error.Path);
    }

    [Fact]
    public void Output_schemas_can_be_turned_off()
    {
        Assert.All(Build(o => o.Tools.OutputSchemas = false).Tools, t => Assert.Null(t.OutputSchema));
        Assert.All(Build(_ => { }).Tools, t => Assert.NotNull(t.OutputSchema));
    }

    [Fact]
    public void A_shorter_name_limit_shortens_deterministically_and_keeps_names_unique()
    {
        var first = Build(o => { o.Tools.MaxNameLength = 16; o.Tasks[0].ToolPrefix = "inventory_service"; }).Tools.Select(t => t.Name).ToList();
        var again = Build(o => { o.Tools.MaxNameLength = 16; o.Tasks[0].ToolPrefix = "inventory_service"; }).Tools.Select(t => t.Name).ToList();
        Assert.Equal(first, again);
        Assert.All(first, n => Assert.True(n.Length <= 16, n));
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    [Fact]
    public void A_transcript_summary_reads_truebit_shaped_records()
    {
        var transcript = JsonDocument.Parse("""
            { "transcript": [
                { "type": "api_task_created", "data": { "taskId": "0xabc", "taskPath": "/62faaf33/petstore", "taskVersion": 3, "input": {} }, "signature": "0x1234" },
                { "type": "api_outcome", "data": { "statusCode": 200, "body": {}, "tlsHandshakeHash": "0xdd" }, "signature": "0x5678" },
                { "type": "execution_completed", "data": { "transcriptHash": "0xfeed" }, "signature": "0x9abc" } ] }
            """).RootElement;
        var summary = TranscriptSummary.From("e1", transcript);
        Assert.Equal("0xfeed", summary.TranscriptHash);
        Assert.Equal("/62faaf33/petstore", summary.TaskPath);
        Assert.Equal("3", summary.TaskVersion);
        Assert.Equal(200, summary.UpstreamStatus);
        Assert.Equal(["api_task_created", "api_outcome", "execution_completed"], summary.Events);
        Assert.True(summary.Signed);
        Assert.Contains("signatures: present", summary.Describe());
    }

    [Fact]
    public void Every_example_config_is_valid_against_the_published_json_schema()
    {
        var root = RepoRoot();
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(root, "docs", "truebit-mcp.schema.json")));
        var configs = Directory.EnumerateFiles(Path.Combine(root, "examples"), "*.json", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("truebit-mcp.schema.json", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(configs);
        foreach (var config in configs)
        {
            var result = schema.Evaluate(JsonDocument.Parse(File.ReadAllText(config)).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"{config}: " + string.Join("; ", result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));
        }

        var wrong = JsonDocument.Parse("""{ "dispatcher": { "url": 5 }, "tasks": [ { "namespace": "x" } ], "typo": 1 }""").RootElement;
        Assert.False(schema.Evaluate(wrong).IsValid);
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TruebitMcp.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
