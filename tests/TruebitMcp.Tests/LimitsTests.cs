using Xunit;
using static TruebitMcp.Tests.GenericToolTests;

namespace TruebitMcp.Tests;

/// <summary>Execution governance: refusals happen before anything reaches Truebit.</summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task Concurrent_executions_over_the_limit_are_refused()
    {
        await using var h = await McpServerHarness.StartAsync(overrides: ["--limits:maxConcurrentExecutions=1", "--execution:pollInitialDelayMs=50"]);
        var first = h.Client.CallToolAsync("notes_slow", new Dictionary<string, object?> { ["ms"] = 1500 }).AsTask();
        await Eventually.True(() => h.Upstream.Requests.Count == 1);

        var second = await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Quito" });
        Assert.True(second.IsError);
        Assert.Contains("limits.maxConcurrentExecutions (1)", Text(second));
        Assert.Single(h.Upstream.Requests);
        Assert.Equal(0, h.ExecuteRequests); // the first call's execute is still waiting for its answer

        Assert.NotEqual(true, (await first).IsError);
        var third = await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Quito" });
        Assert.NotEqual(true, third.IsError);
    }

    [Fact]
    public async Task Executions_per_minute_over_the_limit_are_refused_with_a_retry_time()
    {
        await using var h = await McpServerHarness.StartAsync(overrides: ["--limits:maxExecutionsPerMinute=2", "--execution:pollInitialDelayMs=50"]);
        for (var i = 0; i < 2; i++)
            Assert.NotEqual(true, (await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = $"c{i}" })).IsError);

        var refused = await h.Client.CallToolAsync("truebit_execute_task", new Dictionary<string, object?>
        {
            ["namespace"] = "demo", ["taskName"] = "notes",
            ["input"] = new Dictionary<string, object?> { ["path"] = "/notes", ["method"] = "GET" },
        });
        Assert.True(refused.IsError);
        Assert.Matches(@"limits\.maxExecutionsPerMinute \(2\) reached .*retry in \d+ s", Text(refused));
        Assert.Equal(2, h.Upstream.Requests.Count);
        Assert.Equal(2, h.ExecuteRequests);
    }
}
