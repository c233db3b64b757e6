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

    /// <summary>Runs an execution with progress relayed to the client (when it asked) and maps the report to a result.</summary>
    protected async ValueTask<CallToolResult> ExecuteAsync(RequestContext<CallToolRequestParams> request, int maxOutputBytes,
        Func<IProgress<ExecutionWait>?, Task<ExecutionReport>> run, CancellationToken cancellationToken, ArgumentValidator? outputValidator = null)
    {
        var relay = ProgressRelay.For(request, cancellationToken);
        ExecutionReport report;
        try { report = await run(relay).ConfigureAwait(false); }
        finally { if (relay is not null) await relay.FlushAsync().ConfigureAwait(false); }
        return ToolResults.FromReport(report, redactor, maxOutputBytes, outputValidator);
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
}
