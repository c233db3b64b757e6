using ModelContextProtocol.Client;
using TruebitMcp.Examples.DemoUpstream;
using Xunit;
using static TruebitMcp.Tests.GenericToolTests;

namespace TruebitMcp.Tests;

/// <summary>The built truebit-mcp started as a child process over stdio: proves start-up and a clean stdout.</summary>
public sealed class StdioProcessTests
{
    [Fact]
    public async Task The_real_entry_point_serves_tools_over_stdio()
    {
        await using var upstream = await DemoUpstreamServer.StartAsync();
        var stderr = new List<string>();
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [TestPaths.ServerDll, "--config", TestPaths.DemoConfig, "--logging:level=Debug"],
            EnvironmentVariables = new Dictionary<string, string?> { ["DEMO_UPSTREAM_URL"] = upstream.BaseAddress.ToString().TrimEnd('/') },
            StandardErrorLines = line => { lock (stderr) stderr.Add(line); },
        }), new McpClientOptions { InitializationTimeout = TimeSpan.FromSeconds(60) });

        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "notes_get_weather");

        var result = await client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Lima" });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("Lima", result.StructuredContent!.Value.GetProperty("output").GetProperty("city").GetString());
        // Logs went to stderr, not into the protocol stream (the client would have failed to parse them).
        lock (stderr) Assert.Contains(stderr, l => l.Contains("Executing demo/notes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_config_exits_non_zero_before_serving_and_says_why()
    {
        var dir = Directory.CreateTempSubdirectory("truebit-mcp-test");
        var config = Path.Combine(dir.FullName, "bad.json");
        await File.WriteAllTextAsync(config, """{ "dispatcher": { "url": "local" }, "tasks": [ { "namespace": "x", "manifest": "missing.json" } ] }""");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { TestPaths.ServerDll, "--config", config }) psi.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("", stdout);
        Assert.Contains("tasks[0].taskName: is missing", stderr);
        Assert.Contains("tasks[0].manifest: file", stderr);
    }

    [Theory]
    [InlineData(new[] { "srve" }, 2, "unknown argument(s): srve")]
    [InlineData(new[] { "--transprt", "http" }, 2, "unknown argument(s): --transprt http")]
    [InlineData(new[] { "check", "--config", "/no/such/file.json" }, 1, "does not exist")]
    public async Task The_cli_refuses_typos_and_check_fails_on_a_bad_config(string[] args, int exitCode, string message)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(TestPaths.ServerDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(psi)!;
        process.StandardInput.Close();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(exitCode, process.ExitCode);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task The_tools_command_prints_what_tools_list_publishes()
    {
        await using var h = await McpServerHarness.StartAsync();
        var listed = (await h.Client.ListToolsAsync()).Select(t => t.Name).ToList();

        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { TestPaths.ServerDll, "tools", "--config", TestPaths.DemoConfig }) psi.ArgumentList.Add(a);
        psi.Environment["DEMO_UPSTREAM_URL"] = h.Upstream.BaseAddress.ToString().TrimEnd('/');
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        var printed = System.Text.Json.Nodes.JsonNode.Parse(stdout)!.AsArray();
        Assert.Equal(listed, printed.Select(t => t!["name"]!.GetValue<string>()));
        Assert.All(printed, t => Assert.Equal("object", t!["inputSchema"]!["type"]!.GetValue<string>()));
    }
}
