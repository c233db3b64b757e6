using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using TruebitMcp.LocalDispatcher;
using Xunit;
using static TruebitMcp.Tests.GenericToolTests;

namespace TruebitMcp.Tests;

/// <summary>Executions that outlive Truebit's synchronous wait (shortened here on the local dispatcher).</summary>
public sealed class LongRunningTests
{
    private static readonly LocalDispatcherOptions ShortSyncWait = new() { SyncWait = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task A_sync_call_keeps_polling_with_progress_until_the_result_arrives()
    {
        await using var h = await McpServerHarness.StartAsync(localDispatcher: ShortSyncWait);
        // Passing a progress handler makes the client send a progress token; notifications are counted session-wide.
        var result = await h.Client.CallToolAsync("notes_slow", new Dictionary<string, object?> { ["ms"] = 1200 },
            progress: new Progress<ProgressNotificationValue>(_ => { }));
        Assert.NotEqual(true, result.IsError);
        Assert.Equal(1200, result.StructuredContent!.Value.GetProperty("output").GetProperty("waitedMs").GetInt32());
        await Eventually.True(() => h.Progress.Count >= 2);
        Assert.Contains(h.Progress, p => p.Progress.Message!.StartsWith("Running on Truebit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_call_past_its_deadline_returns_the_handle_instead_of_an_error()
    {
        await using var h = await McpServerHarness.StartAsync(localDispatcher: ShortSyncWait,
            overrides: ["--execution:pollInitialDelayMs=50", "--execution:graceSeconds=0", "--execution:defaultExecutionTimeout=300"]);
        var result = await h.Client.CallToolAsync("notes_slow", new Dictionary<string, object?> { ["ms"] = 5000 });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("Running", result.StructuredContent!.Value.GetProperty("status").GetString());
        var id = result.StructuredContent!.Value.GetProperty("executionId").GetString();
        Assert.Contains($"truebit_get_execution with {{\"executionId\": \"{id}\"", Text(result));
    }

    [Fact]
    public async Task Cancelling_a_waiting_call_stops_the_polling()
    {
        await using var h = await McpServerHarness.StartAsync(localDispatcher: ShortSyncWait);
        // Each status request the client sends is logged at Debug ("Dispatcher GET task/api/execution-status/…").
        var polls = () => h.Logs.Lines.Count(l => l.Contains("task/api/execution-status/", StringComparison.Ordinal));
        using var cts = new CancellationTokenSource();
        var call = h.Client.CallToolAsync("notes_slow", new Dictionary<string, object?> { ["ms"] = 20000 }, cancellationToken: cts.Token).AsTask();
        for (var i = 0; i < 200 && polls() < 2; i++) await Task.Delay(25);
        Assert.True(polls() >= 2, "the call should be polling before it is cancelled");

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Task.Delay(300);
        var afterCancel = polls();
        await Task.Delay(1500);
        Assert.Equal(afterCancel, polls());
    }
}
