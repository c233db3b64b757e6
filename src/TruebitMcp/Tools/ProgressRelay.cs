using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TruebitMcp.Core.Execution;

namespace TruebitMcp.Tools;

/// <summary>
/// Sends execution waits as MCP progress notifications, one after another, and lets the tool wait for the last
/// one before it answers, so no progress notification arrives after the result.
/// </summary>
internal sealed class ProgressRelay(McpServer server, ProgressToken token, CancellationToken cancellationToken) : IProgress<ExecutionWait>
{
    private readonly Lock _gate = new();
    private Task _pending = Task.CompletedTask;

    /// <summary>A relay when the client asked for progress (sent a progress token), else null.</summary>
    public static ProgressRelay? For(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        request.Params?.ProgressToken is { } token ? new ProgressRelay(request.Server, token, cancellationToken) : null;

    public void Report(ExecutionWait wait)
    {
        lock (_gate) _pending = _pending.ContinueWith(_ => SendAsync(wait), TaskScheduler.Default).Unwrap();
    }

    public Task FlushAsync()
    {
        lock (_gate) return _pending;
    }

    private async Task SendAsync(ExecutionWait wait)
    {
        try
        {
            await server.NotifyProgressAsync(token, new ModelContextProtocol.ProgressNotificationValue
            {
                Progress = (float)Math.Min(wait.Elapsed.TotalSeconds, wait.Deadline.TotalSeconds),
                Total = (float)wait.Deadline.TotalSeconds,
                Message = $"Running on Truebit — {(int)wait.Elapsed.TotalSeconds} s (execution {wait.ExecutionId})",
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Progress is best effort: a closed or cancelled session must not fail the tool call.
        }
    }
}
