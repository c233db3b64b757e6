using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Schemas;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Tools;

/// <summary>truebit_get_execution: status (and output when finished) of an execution, optionally waiting for it.</summary>
internal sealed class GetExecutionTool(TaskExecutionService executions, ServerState state, SecretRedactor redactor, ILogger<GetExecutionTool> logger)
    : TruebitTool(redactor, logger)
{
    public const string Name = "truebit_get_execution";

    private static readonly JsonObject InputSchema = Schema(new JsonObject
    {
        ["executionId"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "The executionId returned by an earlier call." },
        ["waitSeconds"] = new JsonObject
        {
            ["type"] = "integer", ["minimum"] = 0, ["maximum"] = TaskExecutionService.MaxWaitSeconds, ["default"] = 0,
            ["description"] = "Wait up to this many seconds for the execution to finish (0: answer at once).",
        },
    }, "executionId");

    protected override ArgumentValidator Validator { get; } = new(InputSchema);

    /// <summary>The published definition; the same for every instance, so the CLI can list it without a server.</summary>
    public static Tool Definition { get; } = new()
    {
        Name = Name,
        Title = "Get a Truebit execution",
        Description =
            "Checks a Truebit execution by its executionId (from a task tool that returned status Running, or from async: true). " +
            "Returns status Success (with the API's JSON response in `output`), Running (call again later, or pass waitSeconds to wait), " +
            "or Error (with the reason), plus the bytes transferred.",
        InputSchema = JsonSerializer.SerializeToElement(InputSchema),
        OutputSchema = JsonSerializer.SerializeToElement(ResultSchemas.ExecutionResult(new JsonObject { ["description"] = "The target API's response body." })),
        Annotations = new ToolAnnotations { Title = "Get a Truebit execution", ReadOnlyHint = true, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = true },
    };

    public override Tool ProtocolTool => Definition;

    protected override ValueTask<CallToolResult> RunAsync(RequestContext<CallToolRequestParams> request, JsonElement arguments, CancellationToken cancellationToken)
    {
        var id = arguments.GetProperty("executionId").GetString()!;
        var wait = arguments.TryGetProperty("waitSeconds", out var w) ? (int)w.GetDouble() : 0;
        return ExecuteAsync(request, state.Current.Options.Execution.MaxOutputBytes,
            progress => executions.GetAsync(id, wait, progress, cancellationToken), cancellationToken);
    }
}
