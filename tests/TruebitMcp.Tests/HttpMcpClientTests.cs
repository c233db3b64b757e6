using System.Diagnostics;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TruebitMcp.Tests;

public sealed class HttpMcpClientTests
{
    private static string Text(CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text)) + result.StructuredContent?.ToString();

    private static Task<CallToolResult> WeatherAsync(McpClient client, string city) =>
        client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = city }).AsTask();

    [Fact]
    public async Task Client_lists_tools_and_calls_one_over_http()
    {
        await using var host = await HttpTestHost.StartAsync(HttpTestHost.WithToken);
        await using var client = await host.ConnectAsync(HttpTestHost.Token);

        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "notes_get_weather");

        var result = await WeatherAsync(client, "Lisbon");
        Assert.True(result.IsError is not true, Text(result));
        Assert.Contains("Lisbon", Text(result));
    }

    [Fact]
    public async Task Client_without_token_cannot_connect()
    {
        await using var host = await HttpTestHost.StartAsync(HttpTestHost.WithToken);
        await Assert.ThrowsAnyAsync<Exception>(() => host.ConnectAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // real sessions (Mcp-Session-Id), where a server could mix up answers between them
    public async Task Sixteen_concurrent_sessions_each_get_their_own_answer(bool stateful)
    {
        // Routing is under test here, not governance: lift the execution limits.
        await using var host = await HttpTestHost.StartAsync([.. HttpTestHost.WithToken, "--limits:maxConcurrentExecutions=0", "--limits:maxExecutionsPerMinute=0",
            $"--http:stateful={stateful}"]);
        var cities = Enumerable.Range(0, 16).Select(i => $"City{i:00}x{Guid.NewGuid():N}"[..14]).ToArray();

        var answers = await Task.WhenAll(cities.Select(async city =>
        {
            // Separate clients: every session starts its JSON-RPC ids at the same number.
            await using var client = await host.ConnectAsync(HttpTestHost.Token);
            return (city, text: Text(await WeatherAsync(client, city)));
        }));

        foreach (var (city, text) in answers)
        {
            Assert.Contains(city, text);
            Assert.All(cities.Where(c => c != city), other => Assert.DoesNotContain(other, text));
        }
    }

    [Fact]
    public async Task Shutdown_lets_an_in_flight_call_finish()
    {
        await using var host = await HttpTestHost.StartAsync(HttpTestHost.WithToken);
        await using var client = await host.ConnectAsync(HttpTestHost.Token);

        var watch = Stopwatch.StartNew();
        var call = client.CallToolAsync("notes_slow", new Dictionary<string, object?> { ["ms"] = 1500 }).AsTask();
        await Task.Delay(400);
        Assert.False(call.IsCompleted);

        await host.Server.App.StopAsync();
        var result = await call;

        Assert.True(result.IsError is not true, Text(result));
        Assert.Contains("1500", Text(result));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(1500));
    }
}
