using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TruebitMcp.Core.Dispatcher;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Schemas;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Tools;

/// <summary>
/// Base of every tool this server publishes: turns refusals and dispatcher failures into <c>isError</c> results
/// the model can act on, hides internal errors, and scrubs secrets from whatever leaves.
/// </summary>
internal abstract class TruebitTool(SecretRedactor redactor, ILogger logger) : McpServerTool
{
    public override IReadOnlyList<object> Metadata => [];

    protected SecretRedactor Redactor => redactor;

    /// <summary>Validates the arguments before <see cref="RunAsync"/> when set (tools with hand-written schemas).</summary>
    protected virtual ArgumentValidator? Validator => null;

    protected abstract ValueTask<CallToolResult> RunAsync(RequestContext<CallToolRequestParams> request, JsonElement arguments, CancellationToken cancellationToken);

    public sealed override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var arguments = ArgumentsOf(request.Params);
        try
        {
            if (Validator?.Validate(arguments) is { Count: > 0 } violations)
                throw new CallRejectedException(
                    $"The arguments for {ProtocolTool.Name} are invalid ({violations.Count} problem{(violations.Count == 1 ? "" : "s")}); nothing was sent to Truebit.",
                    violations.Select(v => v.ToString()).ToList());
            return await RunAsync(request, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (CallRejectedException ex)
        {
            return ToolResults.Failure(redactor, ex.Message, ex.Details);
        }
        catch (TruebitDispatcherException ex)
        {
            logger.LogWarning("{Tool} failed: {Reason}", ProtocolTool.Name, ex.Message);
            return ToolResults.Failure(redactor, ex.Message, ex.IsTransient ? ["This may be temporary; try again shortly."] : []);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Tool} failed unexpectedly", ProtocolTool.Name);
            return ToolResults.Failure(redactor, $"{ProtocolTool.Name} failed with an internal error; the server log has the details.", []);
        }
    }

    private static JsonElement ArgumentsOf(CallToolRequestParams? p)
    {
        var node = new JsonObject();
        if (p?.Arguments is { } args)
            foreach (var (name, value) in args) node[name] = JsonNode.Parse(value.GetRawText());
        return JsonSerializer.SerializeToElement(node);
    }

    /// <summary>Turns execution waits into MCP progress notifications when the client asked for them.</summary>
    protected static IProgress<ExecutionWait>? ProgressFor(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        if (request.Params?.ProgressToken is not { } token) return null;
        var server = request.Server;
        return new SynchronousProgress<ExecutionWait>(wait =>
        {
            var seconds = (int)wait.Elapsed.TotalSeconds;
            _ = server.NotifyProgressAsync(token, new ModelContextProtocol.ProgressNotificationValue
            {
                Progress = (float)Math.Min(wait.Elapsed.TotalSeconds, wait.Deadline.TotalSeconds),
                Total = (float)wait.Deadline.TotalSeconds,
                Message = $"Running on Truebit — {seconds} s (execution {wait.ExecutionId})",
            }, cancellationToken: cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
        });
    }

    /// <summary>Key of the execution limits: the authenticated client's name on HTTP with tokens, else shared.</summary>
    protected static string? ClientIdOf(RequestContext<CallToolRequestParams> request) =>
        request.User?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;

    protected static JsonObject Schema(JsonObject properties, params string[] required)
    {
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Length > 0) schema["required"] = new JsonArray(required.Select(r => (JsonNode)r!).ToArray());
        schema["additionalProperties"] = false;
        return schema;
    }

    protected static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
