using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TruebitMcp.Examples.DemoUpstream;

// The demo: start the loopback demo API, launch truebit-mcp over stdio as an MCP host would (embedded local
// dispatcher, examples/demo/truebit-mcp.json), list its tools, and run a few tasks through it.
var repoRoot = FindRepoRoot();
var config = Path.Combine(repoRoot, "examples", "demo", "truebit-mcp.json");
var serverDll = Path.Combine(AppContext.BaseDirectory, "truebit-mcp.dll");

await using var upstream = await DemoUpstreamServer.StartAsync();
Console.WriteLine($"Demo API (the task's target) on {upstream.BaseAddress}");
Console.WriteLine($"Starting: dotnet truebit-mcp.dll --config {Path.GetRelativePath(Environment.CurrentDirectory, config)}\n");

await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
{
    Name = "truebit-mcp",
    Command = "dotnet",
    Arguments = [serverDll, "--config", config],
    EnvironmentVariables = new Dictionary<string, string?> { ["DEMO_UPSTREAM_URL"] = upstream.BaseAddress.ToString().TrimEnd('/') },
}));

var tools = await client.ListToolsAsync();
Console.WriteLine($"tools/list → {tools.Count} tools");
foreach (var tool in tools) Console.WriteLine($"  {tool.Name,-28} {tool.Title}");

await Call("notes_get_weather", new() { ["city"] = "Lisbon", ["units"] = "metric" });
await Call("notes_create_note", new() { ["title"] = "Verify the API call", ["tags"] = new[] { "demo", "truebit" } });
await Call("truebit_execute_task", new()
{
    ["namespace"] = "demo",
    ["taskName"] = "notes",
    ["input"] = new Dictionary<string, object?> { ["path"] = "/notes/{id}", ["method"] = "GET", ["params"] = new Dictionary<string, object?> { ["id"] = 1 } },
});
var started = await Call("truebit_execute_task", new()
{
    ["namespace"] = "demo", ["taskName"] = "notes", ["async"] = true,
    ["input"] = new Dictionary<string, object?> { ["path"] = "/notes", ["method"] = "GET" },
});
if (started.StructuredContent is { } s && s.TryGetProperty("executionId", out var id))
    await Call("truebit_get_execution", new() { ["executionId"] = id.GetString(), ["waitSeconds"] = 10 });
await Call("notes_get_note", new() { ["id"] = "one" });

Console.WriteLine("\nDone. Connect your own MCP host with mcp.json.sample (see README).");
return 0;

async Task<CallToolResult> Call(string name, Dictionary<string, object?> arguments)
{
    Console.WriteLine($"\ntools/call {name} {JsonSerializer.Serialize(arguments)}");
    var result = await client.CallToolAsync(name, arguments);
    var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
    Console.WriteLine($"{(result.IsError == true ? "isError → " : "→ ")}{Indent(text)}");
    return result;
}

static string Indent(string text) => text.Replace("\n", "\n  ");

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "TruebitMcp.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}
