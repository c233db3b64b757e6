using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TruebitMcp.Core.Dispatcher;
using TruebitMcp.Core.Manifests;

namespace TruebitMcp.LocalDispatcher;

/// <summary>Runs executions for the local dispatcher and remembers them for status, transcript and invoice reads.</summary>
internal sealed class LocalExecutionEngine(
    Func<TaskCatalog> catalog,
    UpstreamCaller upstream,
    LocalDispatcherOptions options,
    TimeProvider time,
    ILogger<LocalExecutionEngine> logger)
{
    private const string SenderAddress = "0x0000000000000000000000000000000000000000";
    private readonly ConcurrentDictionary<string, LocalExecution> _executions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Checks the request against the task's manifest and starts the execution; null plus a reason when refused.</summary>
    public (LocalExecution? Execution, int Status, string? Reason) Start(ExecuteByNameRequest request)
    {
        var task = catalog().FindTask(request.Namespace, request.TaskName);
        if (task is null) return (null, 404, $"task {request.Namespace}/{request.TaskName} is not deployed on this dispatcher");
        if (task.Manifest is null) return (null, 500, $"task {request.Namespace}/{request.TaskName} has no readable manifest");
        if (request.Input is null || string.IsNullOrEmpty(request.Input.Path) || string.IsNullOrEmpty(request.Input.Method))
            return (null, 400, "input.path and input.method are required");
        if (task.Manifest.FindOperation(request.Input.Path, request.Input.Method) is null)
            return (null, 400, $"input fails manifest validation: no operation {request.Input.Method.ToUpperInvariant()} {request.Input.Path.Split('?')[0]} in the manifest of {request.Namespace}/{request.TaskName}");
        if (task.ServerUrl is not { } server) return (null, 400, "the manifest has no servers[0].url");

        Uri target;
        try { target = UpstreamCaller.ResolveTarget(server, request.Input); }
        catch (UpstreamRefusedException ex) { return (null, 400, "input fails manifest validation: " + ex.Message); }

        var execution = new LocalExecution(Guid.NewGuid().ToString(), request, time.GetUtcNow());
        Remember(execution);
        _ = RunAsync(execution, target);
        return (execution, 200, null);
    }

    public LocalExecution? Find(string id) => _executions.GetValueOrDefault(id);

    public LocalExecution? FindByTranscriptHash(string hash) => _executions.Values.FirstOrDefault(e => e.TranscriptHash == hash);

    public TimeSpan SyncWait => options.SyncWait;

    private async Task RunAsync(LocalExecution execution, Uri target)
    {
        var request = execution.Request;
        var createdEvent = new JsonObject
        {
            ["event"] = "api_task_created",
            ["timestamp"] = execution.Created.ToString("O"),
            ["taskId"] = $"local:{request.Namespace}/{request.TaskName}",
            ["taskPath"] = $"/{request.Namespace}/{request.TaskName}",
            ["taskVersion"] = request.Version is { } v ? v : request.Label ?? "latest",
            ["input"] = JsonSerializer.SerializeToNode(request.Input, DispatcherJson.Context.ExecuteByNameRequest.Options),
        };

        UpstreamOutcome outcome;
        using (var cts = new CancellationTokenSource(options.UpstreamTimeout))
        {
            try { outcome = await upstream.CallAsync(target, request.Input, cts.Token).ConfigureAwait(false); }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                outcome = new UpstreamOutcome(0, null, null, 0, 0, cts.IsCancellationRequested ? "the target API did not answer in time" : ex.Message);
            }
        }

        var outcomeEvent = new JsonObject
        {
            ["event"] = "api_outcome",
            ["timestamp"] = time.GetUtcNow().ToString("O"),
            ["statusCode"] = outcome.StatusCode,
            ["contentType"] = outcome.ContentType,
            ["body"] = outcome.Body?.DeepClone(),
            ["error"] = outcome.Failure,
        };
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(createdEvent.ToJsonString() + outcomeEvent.ToJsonString())));
        var transcript = new JsonObject
        {
            ["executionId"] = execution.Id,
            ["transcriptHash"] = hash,
            ["dispatcher"] = "truebit-mcp local dispatcher (unsigned)",
            ["events"] = new JsonArray(createdEvent, outcomeEvent, new JsonObject
            {
                ["event"] = "execution_completed",
                ["timestamp"] = time.GetUtcNow().ToString("O"),
                ["transcriptHash"] = hash,
            }),
        };
        var bytes = new TransferredBytes { Request = outcome.RequestBytes, Response = outcome.ResponseBytes };
        var invoice = new JsonObject
        {
            ["executionId"] = execution.Id,
            ["charges"] = new JsonArray(new JsonObject
            {
                ["item"] = "transferred bytes",
                ["requestBytes"] = bytes.Request,
                ["responseBytes"] = bytes.Response,
                ["byteGasPrice"] = 0,
            }),
            ["total"] = 0,
            ["currency"] = "none (local dispatcher)",
        };

        ExecutionStatus status;
        if (outcome.Failure is null && outcome.StatusCode is >= 200 and < 300)
        {
            status = new ExecutionStatus
            {
                ExecutionId = execution.Id,
                Status = ExecutionStates.Success,
                ClearTextSolution = new ClearTextSolution
                {
                    Output = outcome.Body is null ? null : JsonSerializer.SerializeToElement(outcome.Body),
                    Status = "succeed",
                    SenderAddress = SenderAddress,
                },
                TotalTransferredBytes = bytes,
            };
        }
        else
        {
            var reason = outcome.Failure ?? $"the target API answered HTTP {outcome.StatusCode}" +
                (outcome.Body is null ? "" : ": " + Snippet(outcome.Body is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : outcome.Body.ToJsonString()));
            status = new ExecutionStatus { ExecutionId = execution.Id, Status = ExecutionStates.Error, Message = reason, TotalTransferredBytes = bytes };
        }
        logger.LogInformation("Local execution {ExecutionId} of {Task}: {Status} (upstream {Code})", execution.Id,
            $"{request.Namespace}/{request.TaskName}", status.Status, outcome.StatusCode);
        execution.Complete(status, transcript, hash, invoice);
    }

    private void Remember(LocalExecution execution)
    {
        _executions[execution.Id] = execution;
        _order.Enqueue(execution.Id);
        while (_order.Count > options.MaxExecutions && _order.TryDequeue(out var old)) _executions.TryRemove(old, out _);
    }

    private static string Snippet(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
