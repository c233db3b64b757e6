using Xunit;

namespace TruebitMcp.Tests;

/// <summary>Editing the config file rebuilds the tool set and tells the client; a broken edit keeps the last good set.</summary>
public sealed class HotReloadTests
{
    private static string Config(string exclude) => $$"""
        {
          "dispatcher": { "url": "local" },
          "tasks": [ {
            "namespace": "demo", "taskName": "notes",
            "manifest": "{{Path.Combine(TestPaths.RepoRoot, "examples", "demo", "manifests", "demo-api.json").Replace("\\", "/")}}",
            "serverUrl": "${env:DEMO_UPSTREAM_URL}",
            "exclude": [ {{exclude}} ]
          } ]
        }
        """;

    [Fact]
    public async Task A_config_edit_changes_the_tools_and_sends_list_changed()
    {
        var dir = Directory.CreateTempSubdirectory("truebit-mcp-reload");
        var file = Path.Combine(dir.FullName, "truebit-mcp.json");
        await File.WriteAllTextAsync(file, Config(""));
        // Clients that use initialize (2025-11-25 and older) get the broadcast; 2026-07-28 clients get it after subscriptions/listen.
        await using var h = await McpServerHarness.StartAsync(configPath: file, watchFiles: true, protocolVersion: "2025-11-25");
        Assert.Contains(await h.Client.ListToolsAsync(), t => t.Name == "notes_slow");

        await File.WriteAllTextAsync(file, Config("\"diagnostics\""));
        await Eventually.True(() => h.ToolListChanges >= 1, () => string.Join("\n", h.Logs.Lines.Where(l => l.Contains("eload", StringComparison.Ordinal))));
        var tools = await h.Client.ListToolsAsync();
        Assert.DoesNotContain(tools, t => t.Name == "notes_slow");
        Assert.Contains(tools, t => t.Name == "notes_get_weather");

        var changes = h.ToolListChanges;
        await File.WriteAllTextAsync(file, "{ this is not json");
        await Eventually.True(() => h.Logs.Lines.Any(l => l.Contains("Reload refused", StringComparison.Ordinal)));
        Assert.Equal(changes, h.ToolListChanges);
        Assert.Equal(tools.Count, (await h.Client.ListToolsAsync()).Count);
        var stillWorks = await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Baku" });
        Assert.NotEqual(true, stillWorks.IsError);
        dir.Delete(recursive: true);
    }
}
