using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Dispatcher;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Schemas;

namespace TruebitMcp.Core.Execution;

/// <summary>
/// The one path every execution takes: validate → build the Truebit input → apply the header policy →
/// execute-by-name → (sync) poll until finished or the deadline → report. Nothing reaches Truebit before
/// validation passes, and execute-by-name is sent at most once per call.
/// </summary>
public sealed class TaskExecutionService(
    ITruebitDispatcher dispatcher,
    ServerState state,
    ExecutionGovernor governor,
    TimeProvider time,
    ILogger<TaskExecutionService> logger)
{
    /// <summary>Longest a single <c>truebit_get_execution</c> call may wait.</summary>
    public const int MaxWaitSeconds = 300;

    /// <summary>Runs a per-operation tool call. <paramref name="clientId"/> keys the execution limits (null: shared).</summary>
    public Task<ExecutionReport> RunOperationAsync(OperationTool tool, JsonElement arguments, string? clientId,
        IProgress<ExecutionWait>? progress, CancellationToken cancellationToken)
    {
        var violations = tool.Validator.Validate(arguments);
        if (violations.Count > 0)
            throw new CallRejectedException($"The arguments for {tool.Name} are invalid ({violations.Count} problem{(violations.Count == 1 ? "" : "s")}); nothing was sent to Truebit.",
                violations.Select(v => v.ToString()).ToList());

        var snapshot = state.Current;
        var args = JsonNode.Parse(arguments.GetRawText()) as JsonObject ?? [];
        // Header parameters the manifest declares were screened when the tool was built (sendable names; the
        // schema refuses CR/LF/NUL values); configured headers are applied over them.
        var headers = snapshot.Headers.Merge(tool.Task.Headers, null);
        var input = TruebitInputBuilder.Build(tool.Operation, tool.Arguments, args, headers.Headers);
        RejectUnsafePath(input);
        var async = args[ToolSchemaBuilder.AsyncArgument] is JsonValue a && a.TryGetValue<bool>(out var flag) ? flag : tool.Task.Async;
        var request = NewRequest(tool.Task, input, async, null, snapshot.Options.Execution);
        return ExecuteAsync(request, snapshot.Options.Execution, clientId, progress, cancellationToken);
    }

    /// <summary>The generic path: the caller names the task and writes the input itself.</summary>
    public Task<ExecutionReport> RunAsync(string ns, string taskName, uint? version, string? label, TaskInput input, bool? async,
        uint? executionTimeout, string? clientId, IProgress<ExecutionWait>? progress, CancellationToken cancellationToken)
    {
        var snapshot = state.Current;
        var task = snapshot.Catalog.FindTask(ns, taskName);
        if (task is null && !snapshot.Options.Execution.AllowUnconfiguredTasks)
            throw new CallRejectedException(
                $"Task {ns}/{taskName} is not configured on this server, and execution.allowUnconfiguredTasks is off; nothing was sent to Truebit.",
                snapshot.Catalog.Tasks.Select(t => $"configured: {t.Namespace}/{t.TaskName}").ToList());
        if (task?.Manifest is { } manifest && manifest.FindOperation(input.Path, input.Method) is null)
            throw new CallRejectedException(
                $"Task {ns}/{taskName} has no operation {input.Method.ToUpperInvariant()} {input.Path.Split('?')[0]}; nothing was sent to Truebit.",
                manifest.Operations.Select(o => $"available: {o.Method} {o.PathTemplate}").ToList());

        var merge = snapshot.Headers.Merge(task?.Options.Headers, input.Headers, configuredTask: task is not null);
        if (!merge.IsValid)
            throw new CallRejectedException("Some headers in input.headers cannot be sent; nothing was sent to Truebit.", merge.Errors);

        var finalInput = new TaskInput
        {
            Path = input.Path,
            Method = input.Method.ToUpperInvariant(),
            Params = input.Params,
            Body = input.Body,
            Headers = merge.Headers.Count > 0 ? new Dictionary<string, string>(merge.Headers, StringComparer.OrdinalIgnoreCase) : null,
        };
        RejectUnsafePath(finalInput);
        var options = task?.Options ?? new TaskOptions { Namespace = ns, TaskName = taskName };
        var request = NewRequest(options, finalInput, async ?? options.Async, executionTimeout, snapshot.Options.Execution, version, label);
        return ExecuteAsync(request, snapshot.Options.Execution, clientId, progress, cancellationToken);
    }

    /// <summary>Reads an execution's status, optionally waiting up to <paramref name="waitSeconds"/> for it to finish.</summary>
    public async Task<ExecutionReport> GetAsync(string executionId, int waitSeconds, IProgress<ExecutionWait>? progress, CancellationToken cancellationToken)
    {
        var exec = state.Current.Options.Execution;
        var started = time.GetTimestamp();
        var status = await dispatcher.GetExecutionStatusAsync(executionId, cancellationToken).ConfigureAwait(false);
        status.ExecutionId ??= executionId;
        if (status.IsFinished || waitSeconds <= 0) return ExecutionReport.From(status, null, time.GetElapsedTime(started));
        var deadline = TimeSpan.FromSeconds(Math.Min(waitSeconds, MaxWaitSeconds));
        return await PollAsync(executionId, null, deadline, exec, started, progress, cancellationToken).ConfigureAwait(false);
    }

    private static void RejectUnsafePath(TaskInput input)
    {
        try { PathTemplate.Expand(input.Path, input.Params, out _); }
        catch (UnsafePathValueException ex) { throw new CallRejectedException($"Refused: {ex.Message}; nothing was sent to Truebit."); }
    }

    private static ExecuteByNameRequest NewRequest(TaskOptions task, TaskInput input, bool async, uint? executionTimeout,
        ExecutionOptions exec, uint? version = null, string? label = null) => new()
    {
        Namespace = task.Namespace,
        TaskName = task.TaskName,
        Version = version ?? task.Version,
        Label = label ?? task.Label,
        Async = async,
        Input = input,
        ExecutionTimeout = executionTimeout ?? task.ExecutionTimeout ?? exec.DefaultExecutionTimeout,
    };

    private async Task<ExecutionReport> ExecuteAsync(ExecuteByNameRequest request, ExecutionOptions exec, string? clientId,
        IProgress<ExecutionWait>? progress, CancellationToken cancellationToken)
    {
        using var lease = governor.Acquire(clientId);
        var taskName = $"{request.Namespace}/{request.TaskName}";
        var started = time.GetTimestamp();
        logger.LogInformation("Executing {Task} {Method} {Path} for {Client} (async: {Async})", taskName, request.Input.Method, request.Input.Path,
            clientId ?? ExecutionGovernor.SharedClient, request.Async);
        var status = await dispatcher.ExecuteByNameAsync(request, cancellationToken).ConfigureAwait(false);
        if (status.IsFinished || request.Async) return ExecutionReport.From(status, taskName, time.GetElapsedTime(started));
        if (string.IsNullOrEmpty(status.ExecutionId))
            throw new TruebitDispatcherException(DispatcherErrorKind.InvalidResponse, "Truebit answered without a result and without an executionId");

        var timeout = exec.ExecutionTimeoutUnit == TimeoutUnit.Seconds
            ? TimeSpan.FromSeconds(request.ExecutionTimeout)
            : TimeSpan.FromMilliseconds(request.ExecutionTimeout);
        return await PollAsync(status.ExecutionId, taskName, timeout + TimeSpan.FromSeconds(exec.GraceSeconds), exec, started, progress, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Polls execution-status with growing delays until the execution finishes or the deadline passes.</summary>
    private async Task<ExecutionReport> PollAsync(string executionId, string? taskName, TimeSpan deadline, ExecutionOptions exec,
        long started, IProgress<ExecutionWait>? progress, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(exec.PollInitialDelayMs);
        var maxDelay = TimeSpan.FromMilliseconds(exec.PollMaxDelayMs);
        var polls = 0;
        ExecutionStatus? last = null;
        while (true)
        {
            var elapsed = time.GetElapsedTime(started);
            progress?.Report(new ExecutionWait(executionId, elapsed, deadline, polls));
            var remaining = deadline - elapsed;
            if (remaining <= TimeSpan.Zero) break;
            await Task.Delay(delay < remaining ? delay : remaining, time, cancellationToken).ConfigureAwait(false);
            last = await dispatcher.GetExecutionStatusAsync(executionId, cancellationToken).ConfigureAwait(false);
            last.ExecutionId ??= executionId;
            polls++;
            if (last.IsFinished) return ExecutionReport.From(last, taskName, time.GetElapsedTime(started));
            delay = TimeSpan.FromTicks(Math.Min(maxDelay.Ticks, (long)(delay.Ticks * 1.6)));
        }
        logger.LogInformation("Execution {ExecutionId} still running after {Elapsed}; handing back the id", executionId, time.GetElapsedTime(started));
        var pending = last ?? new ExecutionStatus { ExecutionId = executionId, Status = ExecutionStates.Running };
        return ExecutionReport.From(pending, taskName, time.GetElapsedTime(started), waitExpired: true);
    }
}
