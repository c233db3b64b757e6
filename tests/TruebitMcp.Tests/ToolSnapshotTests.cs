using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace TruebitMcp.Tests;

/// <summary>
/// tools/list of the example configuration, snapshotted one file per tool under __toolsnaps__ (reviewed JSON).
/// A schema change shows up as a diff. Set UPDATE_TOOLSNAPS=1 to rewrite the files after reviewing the change.
/// </summary>
public sealed class ToolSnapshotTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Tools_list_matches_the_reviewed_snapshots()
    {
        await using var h = await McpServerHarness.StartAsync();
        var tools = await h.Client.ListToolsAsync();
        var update = Environment.GetEnvironmentVariable("UPDATE_TOOLSNAPS") == "1";
        Directory.CreateDirectory(TestPaths.SnapshotDir);
        var mismatches = new List<string>();

        foreach (var tool in tools)
        {
            var actual = JsonSerializer.SerializeToNode(tool.ProtocolTool, ModelContextProtocol.McpJsonUtilities.DefaultOptions)!.ToJsonString(Indented);
            var file = Path.Combine(TestPaths.SnapshotDir, tool.Name + ".snap.json");
            if (update) { await File.WriteAllTextAsync(file, actual + "\n"); continue; }
            if (!File.Exists(file)) { mismatches.Add($"{tool.Name}: no snapshot (run with UPDATE_TOOLSNAPS=1 and review)"); continue; }
            var expected = JsonNode.Parse(await File.ReadAllTextAsync(file));
            if (!JsonNode.DeepEquals(expected, JsonNode.Parse(actual))) mismatches.Add($"{tool.Name}: differs from {file}");
        }
        var stale = Directory.GetFiles(TestPaths.SnapshotDir, "*.snap.json")
            .Select(f => Path.GetFileName(f)[..^".snap.json".Length]).Except(tools.Select(t => t.Name));
        if (!update) mismatches.AddRange(stale.Select(s => $"{s}: snapshot of a tool that is no longer published"));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task Every_published_tool_passes_the_host_lint()
    {
        await using var h = await McpServerHarness.StartAsync();
        foreach (var tool in await h.Client.ListToolsAsync())
        {
            var input = JsonNode.Parse(tool.ProtocolTool.InputSchema.GetRawText())!.AsObject();
            var output = tool.ProtocolTool.OutputSchema is { } o ? JsonNode.Parse(o.GetRawText())!.AsObject() : null;
            Assert.Empty(TruebitMcp.Core.Schemas.SchemaLinter.Lint(tool.Name, input, output));
            Assert.True(tool.Name.Length <= 48, tool.Name);
        }
    }
}
