using System.Text.Json;
using TruebitMcp.Core.Dispatcher;

namespace TruebitMcp.Core.Execution;

/// <summary>What became of an execution, as this server reports it.</summary>
public sealed record ExecutionReport
{
    public required string? ExecutionId { get; init; }
    /// <summary>Success, Running or Error.</summary>
    public required string State { get; init; }
    public JsonElement? Output { get; init; }
    public string? Error { get; init; }
    public TransferredBytes? TransferredBytes { get; init; }
    /// <summary>True when a waiting call gave up before the execution finished.</summary>
    public bool WaitExpired { get; init; }
    public TimeSpan Waited { get; init; }
    public string? Task { get; init; }

    public static ExecutionReport From(ExecutionStatus s, string? task, TimeSpan waited, bool waitExpired = false) => new()
    {
        ExecutionId = s.ExecutionId,
        State = s.IsError ? ExecutionStates.Error
            : s.ClearTextSolution is null ? ExecutionStates.Running
            : s.Succeeded ? ExecutionStates.Success : ExecutionStates.Error,
        Output = s.ClearTextSolution?.Output,
        Error = s.IsError || (s.ClearTextSolution is not null && !s.Succeeded) ? s.ErrorReason : null,
        TransferredBytes = s.TotalTransferredBytes,
        WaitExpired = waitExpired,
        Waited = waited,
        Task = task,
    };
}

/// <summary>Progress of a call that waits for an execution.</summary>
public readonly record struct ExecutionWait(string ExecutionId, TimeSpan Elapsed, TimeSpan Deadline, int Polls);

/// <summary>A tool call refused before anything was sent to Truebit (bad arguments, refused headers, unknown task).</summary>
public sealed class CallRejectedException(string message, IReadOnlyList<string>? details = null) : Exception(message)
{
    public IReadOnlyList<string> Details { get; } = details ?? [];
}
