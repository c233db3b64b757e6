using Xunit;

namespace TruebitMcp.Tests;

/// <summary>Editing the config file rebuilds the tool set and tells the client; a broken edit keeps the last good set.</summary>
public sealed class HotReloadTests
{
    private static string Config(string exclude, string? manifest = null) => $$"""
        {
          "dispatcher": { "url": "local" },
          "tasks": [ {
            "namespace": "demo", "taskName": "notes",
            "manifest": "{{(manifest ?? Path.Combine(TestPaths.RepoRoot, "examples", "demo", "manifests", "demo-api.json")).Replace("\\", "/")}}",
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
        await Eventually.True(() => h.ToolListChanges >= 1, () => Explain(h));
        var tools = await h.Client.ListToolsAsync();
        Assert.DoesNotContain(tools, t => t.Name == "notes_slow");
        Assert.Contains(tools, t => t.Name == "notes_get_weather");

        var changes = h.ToolListChanges;
        await File.WriteAllTextAsync(file, "{ this is not json");
        await Eventually.True(() => h.Logs.Lines.Any(l => l.Contains("Reload refused", StringComparison.Ordinal)), () => Explain(h));
        Assert.Equal(changes, h.ToolListChanges);
        Assert.Equal(tools.Count, (await h.Client.ListToolsAsync()).Count);
        var stillWorks = await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Baku" });
        Assert.NotEqual(true, stillWorks.IsError);
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task A_manifest_edit_changes_the_tools()
    {
        var dir = Directory.CreateTempSubdirectory("truebit-mcp-reload");
        var manifest = Path.Combine(dir.FullName, "api.json");
        var demo = Path.Combine(TestPaths.RepoRoot, "examples", "demo", "manifests", "demo-api.json");
        await File.WriteAllTextAsync(manifest, await File.ReadAllTextAsync(demo));
        var file = Path.Combine(dir.FullName, "truebit-mcp.json");
        await File.WriteAllTextAsync(file, Config("", manifest));
        await using var h = await McpServerHarness.StartAsync(configPath: file, watchFiles: true, protocolVersion: "2025-11-25");
        Assert.Contains(await h.Client.ListToolsAsync(), t => t.Name == "notes_get_weather");

        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(demo)).Replace("\"getWeather\"", "\"currentWeather\""));
        await Eventually.True(() => h.ToolListChanges >= 1, () => Explain(h));
        var names = (await h.Client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Contains("notes_current_weather", names);
        Assert.DoesNotContain("notes_get_weather", names);
        dir.Delete(recursive: true);
    }

    private static string Explain(McpServerHarness h) =>
        string.Join("\n", h.Logs.Lines.Where(l => l.Contains("eload", StringComparison.Ordinal) || l.Contains("watch", StringComparison.OrdinalIgnoreCase)));
}
