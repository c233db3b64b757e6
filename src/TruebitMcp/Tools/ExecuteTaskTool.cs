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

/// <summary>truebit_execute_task: runs any API task by name with a hand-written Truebit input.</summary>
internal sealed class ExecuteTaskTool(TaskExecutionService executions, ServerState state, SecretRedactor redactor, ILogger<ExecuteTaskTool> logger)
    : TruebitTool(redactor, logger)
{
    public const string Name = "truebit_execute_task";

    private static readonly JsonObject InputSchema = Schema(new JsonObject
    {
        ["namespace"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "Namespace of the task owner, e.g. \"62faaf33\"." },
        ["taskName"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "Task name bound by `truebit deploy`." },
        ["version"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = uint.MaxValue, ["description"] = "Deployed version number (default: the configured one, else latest)." },
        ["label"] = new JsonObject { ["type"] = "string", ["description"] = "Version label such as \"latest\" or \"stable\"." },
        ["input"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The call to make, as the task's OpenAPI manifest describes it.",
            ["properties"] = new JsonObject
            {
                ["path"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "The manifest's path TEMPLATE, e.g. \"/store/order/{orderId}\" (not a filled-in URL). Query parameters go in the template too: \"/api?module={module}\"." },
                ["method"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"), ["description"] = "HTTP method, upper case." },
                ["params"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = true, ["description"] = "Values for the {placeholders} in path, e.g. {\"orderId\": 2}." },
                ["body"] = new JsonObject { ["description"] = "JSON request body for POST/PUT/PATCH." },
                ["headers"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" }, ["description"] = "Extra headers for the target API; only names the server allows. Credentials are added by the server, do not send them." },
            },
            ["required"] = new JsonArray("path", "method"),
            ["additionalProperties"] = false,
        },
        ["async"] = new JsonObject { ["type"] = "boolean", ["description"] = "true: return an executionId at once instead of waiting for the result (default: the task's configured mode, else false)." },
        ["executionTimeout"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = uint.MaxValue, ["description"] = "Truebit executionTimeout (unit set by the server, milliseconds by default)." },
    }, "namespace", "taskName", "input");

    protected override ArgumentValidator Validator { get; } = new(InputSchema);

    /// <summary>The published definition; the same for every instance, so the CLI can list it without a server.</summary>
    public static Tool Definition { get; } = new()
    {
        Name = Name,
        Title = "Execute a Truebit API task",
        Description =
            "Runs a Truebit API task by namespace and task name: Truebit makes the HTTP call described by `input` " +
            "(a path template from the task's OpenAPI manifest, the method, params for its placeholders, an optional JSON body) " +
            "and records a verifiable transcript. Prefer the task-specific tools when one exists; use this for tasks without one " +
            "(see truebit_list_tasks). Waits for the result (up to the execution timeout) unless async is true. " +
            "Returns status, the API's JSON response in `output`, and the executionId; if still running, call truebit_get_execution later. " +
            "Executions are billed and cannot be cancelled.",
        InputSchema = JsonSerializer.SerializeToElement(InputSchema),
        OutputSchema = JsonSerializer.SerializeToElement(ResultSchemas.ExecutionResult(new JsonObject { ["description"] = "The target API's response body." })),
        Annotations = new ToolAnnotations { Title = "Execute a Truebit API task", ReadOnlyHint = false, DestructiveHint = true, IdempotentHint = false, OpenWorldHint = true },
    };

    public override Tool ProtocolTool => Definition;

    protected override ValueTask<CallToolResult> RunAsync(RequestContext<CallToolRequestParams> request, JsonElement arguments, CancellationToken cancellationToken)
    {
        var args = JsonNode.Parse(arguments.GetRawText())!.AsObject();
        var inputNode = args["input"]!.AsObject();
        var input = new TaskInput
        {
            Path = inputNode["path"]!.GetValue<string>(),
            Method = inputNode["method"]!.GetValue<string>(),
            Params = inputNode["params"]?.DeepClone() as JsonObject,
            Body = inputNode["body"]?.DeepClone(),
            Headers = inputNode["headers"] is JsonObject h ? Headers(h) : null,
        };
        return ExecuteAsync(request, state.Current.Options.Execution.MaxOutputBytes, progress => executions.RunAsync(
            args["namespace"]!.GetValue<string>(), args["taskName"]!.GetValue<string>(),
            UInt(args["version"]), args["label"]?.GetValue<string>(), input,
            args["async"]?.GetValue<bool>(), UInt(args["executionTimeout"]),
            ClientIdOf(request), progress, cancellationToken), cancellationToken);
    }

    /// <summary>The schema bounds the value; JSON Schema also counts 5.0 as an integer, so read it as a number.</summary>
    private static uint? UInt(JsonNode? node) => node is null ? null : (uint)node.GetValue<double>();

    /// <summary>Header names are case-insensitive: two spellings of one name are ambiguous and refused.</summary>
    private static Dictionary<string, string> Headers(JsonObject headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
            if (!result.TryAdd(name, value!.GetValue<string>()))
                throw new CallRejectedException($"input.headers names '{name}' more than once (header names are case-insensitive); nothing was sent to Truebit.");
        return result;
    }
}
