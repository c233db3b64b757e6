namespace TruebitMcp.LocalDispatcher;

public sealed class LocalDispatcherOptions
{
    /// <summary>API keys accepted in x-api-key. Empty: any caller is accepted (loopback development use).</summary>
    public IReadOnlyCollection<string> ApiKeys { get; init; } = [];
    /// <summary>How long a synchronous execute-by-name waits before answering with only the executionId (Truebit: 60 s).</summary>
    public TimeSpan SyncWait { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Longest an upstream call may take.</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How many finished executions are kept for status and transcript reads.</summary>
    public int MaxExecutions { get; init; } = 10_000;
}
