using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Tools;

/// <summary>One manifest operation published as an MCP tool.</summary>
internal sealed class OperationMcpTool(OperationTool tool, TaskExecutionService executions, ServerState state, SecretRedactor redactor, ILogger logger)
    : TruebitTool(redactor, logger)
{
    public OperationTool Definition { get; } = tool;

    public override Tool ProtocolTool { get; } = Describe(tool);

    /// <summary>The MCP tool definition of an operation tool (also used by the <c>tools</c> command).</summary>
    public static Tool Describe(OperationTool tool) => new()
    {
        Name = tool.Name,
        Title = tool.Title,
        Description = tool.Description,
        InputSchema = JsonSerializer.SerializeToElement(tool.InputSchema),
        OutputSchema = tool.OutputSchema is null ? null : JsonSerializer.SerializeToElement(tool.OutputSchema),
        Annotations = new ToolAnnotations
        {
            Title = tool.Title,
            ReadOnlyHint = tool.Hints.ReadOnly,
            DestructiveHint = tool.Hints.Destructive,
            IdempotentHint = tool.Hints.Idempotent,
            OpenWorldHint = tool.Hints.OpenWorld,
        },
    };

    protected override ValueTask<CallToolResult> RunAsync(RequestContext<CallToolRequestParams> request, JsonElement arguments, CancellationToken cancellationToken)
    {
        return ExecuteAsync(request, state.Current.Options.Execution.MaxOutputBytes,
            progress => executions.RunOperationAsync(Definition, arguments, ClientIdOf(request), progress, cancellationToken), cancellationToken,
            Definition.OutputValidator);
    }
}
