using TruebitMcp.Core.Configuration;

namespace TruebitMcp.Core.Execution;

/// <summary>
/// Enforces limits.maxConcurrentExecutions and limits.maxExecutionsPerMinute per client before anything reaches
/// Truebit. A lease covers the whole call, waiting included; disposing it frees the slot.
/// </summary>
public sealed class ExecutionGovernor(ServerState state, TimeProvider time)
{
    /// <summary>The client id of calls that carry no authenticated identity (stdio, HTTP without tokens).</summary>
    public const string SharedClient = "*";

    private readonly Dictionary<string, ClientWindow> _clients = new(StringComparer.Ordinal);

    public IDisposable Acquire(string? clientId)
    {
        var limits = state.Current.Options.Limits;
        var key = string.IsNullOrEmpty(clientId) ? SharedClient : clientId;
        var now = time.GetUtcNow();
        lock (_clients)
        {
            if (!_clients.TryGetValue(key, out var window)) _clients[key] = window = new ClientWindow();
            while (window.Starts.Count > 0 && now - window.Starts.Peek() >= TimeSpan.FromMinutes(1)) window.Starts.Dequeue();

            if (limits.MaxConcurrentExecutions > 0 && window.Running >= limits.MaxConcurrentExecutions)
                throw new CallRejectedException(
                    $"Refused: limits.maxConcurrentExecutions ({limits.MaxConcurrentExecutions}) executions are already running for this client; " +
                    "retry when one of them finishes. Nothing was sent to Truebit.");
            if (limits.MaxExecutionsPerMinute > 0 && window.Starts.Count >= limits.MaxExecutionsPerMinute)
            {
                var retryIn = TimeSpan.FromMinutes(1) - (now - window.Starts.Peek());
                throw new CallRejectedException(
                    $"Refused: limits.maxExecutionsPerMinute ({limits.MaxExecutionsPerMinute}) reached for this client; " +
                    $"retry in {Math.Max(1, (int)Math.Ceiling(retryIn.TotalSeconds))} s. Nothing was sent to Truebit.");
            }
            window.Running++;
            window.Starts.Enqueue(now);
            return new Lease(this, window);
        }
    }

    private void Release(ClientWindow window)
    {
        lock (_clients) window.Running--;
    }

    private sealed class ClientWindow
    {
        public int Running;
        public readonly Queue<DateTimeOffset> Starts = new();
    }

    private sealed class Lease(ExecutionGovernor owner, ClientWindow window) : IDisposable
    {
        private int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Release(window);
        }
    }
}
