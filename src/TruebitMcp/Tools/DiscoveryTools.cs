using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Schemas;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Tools;

/// <summary>truebit_list_tasks: the configured tasks and their operations, one line each.</summary>
internal sealed class ListTasksTool(ServerState state, SecretRedactor redactor, ILogger<ListTasksTool> logger) : TruebitTool(redactor, logger)
{
    public const string Name = "truebit_list_tasks";

    /// <summary>The published definition; the same for every instance, so the CLI can list it without a server.</summary>
    public static Tool Definition { get; } = new()
    {
        Name = Name,
        Title = "List Truebit tasks",
        Description = "Lists the Truebit API tasks this server is configured with and each operation (method, path template, tool name). " +
                      "Use it to find which tool runs what, or the path/method to pass to truebit_execute_task.",
        InputSchema = JsonSerializer.SerializeToElement(Schema([])),
        Annotations = new ToolAnnotations { Title = "List Truebit tasks", ReadOnlyHint = true, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = false },
    };

    public override Tool ProtocolTool => Definition;

    protected override ValueTask<CallToolResult> RunAsync(RequestContext<CallToolRequestParams> request, JsonElement arguments, CancellationToken cancellationToken)
    {
        var snapshot = state.Current;
        var text = new StringBuilder();
        var tasks = new JsonArray();
        foreach (var task in snapshot.Catalog.Tasks)
        {
            var ops = new JsonArray();
            text.Append($"{task.Namespace}/{task.TaskName}");
            if (task.Manifest?.Title is { } title) text.Append($" — {title}");
            if (task.Error is { } error) text.Append($" (unavailable: {error})");
            text.AppendLine();
            foreach (var op in task.Manifest?.Operations ?? [])
            {
                var tool = snapshot.Catalog.Tools.FirstOrDefault(t => t.Task == task.Options && t.Operation == op);
                text.AppendLine($"  {op.Method} {op.PathTemplate}{(tool is null ? " (generic tool only)" : $" → {tool.Name}")}{(op.Summary is null ? "" : $": {op.Summary}")}");
                ops.Add(new JsonObject { ["method"] = op.Method, ["path"] = op.PathTemplate, ["operationId"] = op.OperationId, ["tool"] = tool?.Name, ["summary"] = op.Summary });
            }
            tasks.Add(new JsonObject { ["namespace"] = task.Namespace, ["taskName"] = task.TaskName, ["title"] = task.Manifest?.Title, ["error"] = task.Error, ["operations"] = ops });
        }
        if (snapshot.Catalog.Tasks.Count == 0) text.Append("No tasks are configured. Add them under tasks[] in the server's config file.");
        return ValueTask.FromResult(new CallToolResult
        {
            Content = [new TextContentBlock { Text = Redactor.Redact(text.ToString().TrimEnd()) }],
            StructuredContent = Redactor.Redact(Element(new JsonObject { ["tasks"] = tasks })),
        });
    }
}

/// <summary>truebit_describe_task: operations of one task with their input schemas and example inputs.</summary>
internal sealed class DescribeTaskTool(ServerState state, SecretRedactor redactor, ILogger<DescribeTaskTool> logger) : TruebitTool(redactor, logger)
{
    public const string Name = "truebit_describe_task";

    private static readonly JsonObject InputSchema = Schema(new JsonObject
    {
        ["namespace"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
        ["taskName"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
    }, "namespace", "taskName");

    protected override ArgumentValidator Validator { get; } = new(InputSchema);

    /// <summary>The published definition; the same for every instance, so the CLI can list it without a server.</summary>
    public static Tool Definition { get; } = new()
    {
        Name = Name,
        Title = "Describe a Truebit task",
        Description = "Describes one configured Truebit API task: each operation with its tool name, input schema and an example " +
                      "`input` for truebit_execute_task. The full OpenAPI manifest is the resource truebit://tasks/{namespace}/{taskName}/manifest.",
        InputSchema = JsonSerializer.SerializeToElement(InputSchema),
        Annotations = new ToolAnnotations { Title = "Describe a Truebit task", ReadOnlyHint = true, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = false },
    };

    public override Tool ProtocolTool => Definition;

    protected override ValueTask<CallToolResult> RunAsync(RequestContext<CallToolRequestParams> request, JsonElement arguments, CancellationToken cancellationToken)
    {
        var ns = arguments.GetProperty("namespace").GetString()!;
        var name = arguments.GetProperty("taskName").GetString()!;
        var snapshot = state.Current;
        var task = snapshot.Catalog.FindTask(ns, name)
            ?? throw new CallRejectedException($"Task {ns}/{name} is not configured on this server.",
                snapshot.Catalog.Tasks.Select(t => $"configured: {t.Namespace}/{t.TaskName}").ToList());
        if (task.Manifest is null) throw new CallRejectedException($"Task {ns}/{name} has no usable manifest: {task.Error}");

        var text = new StringBuilder($"{ns}/{name}: {task.Manifest.Title}\nServer: {task.ServerUrl}\n");
        var ops = new JsonArray();
        foreach (var op in task.Manifest.Operations)
        {
            var tool = snapshot.Catalog.Tools.FirstOrDefault(t => t.Task == task.Options && t.Operation == op);
            var (schema, map) = ToolSchemaBuilder.BuildInput(op);
            var example = new JsonObject { ["path"] = op.PathTemplate, ["method"] = op.Method };
            var placeholders = map.Bindings.Where(b => b.Location == ArgumentLocation.Path).ToList();
            if (placeholders.Count > 0)
                example["params"] = new JsonObject(placeholders.Select(b => KeyValuePair.Create(b.TargetName, (JsonNode?)$"<{b.TargetName}>")));
            text.AppendLine($"\n{op.Method} {op.PathTemplate}{(tool is null ? "" : $" (tool {tool.Name})")}");
            if (op.Summary is not null) text.AppendLine($"  {op.Summary}");
            text.AppendLine($"  arguments: {schema["properties"]!.ToJsonString()}");
            text.AppendLine($"  truebit_execute_task input: {example.ToJsonString()}");
            ops.Add(new JsonObject
            {
                ["method"] = op.Method, ["path"] = op.PathTemplate, ["operationId"] = op.OperationId, ["tool"] = tool?.Name,
                ["summary"] = op.Summary, ["inputSchema"] = schema, ["exampleInput"] = example,
            });
        }
        return ValueTask.FromResult(new CallToolResult
        {
            Content = [new TextContentBlock { Text = Redactor.Redact(text.ToString().TrimEnd()) }],
            StructuredContent = Redactor.Redact(Element(new JsonObject
            {
                ["namespace"] = ns, ["taskName"] = name, ["title"] = task.Manifest.Title, ["server"] = task.ServerUrl,
                ["manifestUri"] = $"truebit://tasks/{ns}/{name}/manifest", ["operations"] = ops,
            })),
        });
    }
}
