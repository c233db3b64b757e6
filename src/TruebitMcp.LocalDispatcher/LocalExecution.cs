using System.Text.Json.Nodes;
using TruebitMcp.Core.Dispatcher;

namespace TruebitMcp.LocalDispatcher;

/// <summary>One execution the local dispatcher runs: its request, its eventual status and its transcript.</summary>
internal sealed class LocalExecution(string id, ExecuteByNameRequest request, DateTimeOffset created)
{
    private readonly TaskCompletionSource<ExecutionStatus> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id { get; } = id;
    public ExecuteByNameRequest Request { get; } = request;
    public DateTimeOffset Created { get; } = created;
    public JsonObject? Transcript { get; private set; }
    public JsonObject? Invoice { get; private set; }
    public string? TranscriptHash { get; private set; }
    public Task<ExecutionStatus> Completion => _done.Task;

    public ExecutionStatus CurrentStatus => _done.Task.IsCompletedSuccessfully
        ? _done.Task.Result
        : new ExecutionStatus { ExecutionId = Id, Status = ExecutionStates.Running };

    public void Complete(ExecutionStatus status, JsonObject transcript, string transcriptHash, JsonObject invoice)
    {
        Transcript = transcript;
        TranscriptHash = transcriptHash;
        Invoice = invoice;
        _done.TrySetResult(status);
    }
}
