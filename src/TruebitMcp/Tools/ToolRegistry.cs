using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Tools;

/// <summary>
/// Keeps the server's tool collection equal to the current catalogue: the generic tools plus one tool per
/// published operation. On reload the collection is rewritten in one batch, so clients on stateful transports get
/// a single notifications/tools/list_changed.
/// </summary>
internal sealed class ToolRegistry
{
    private readonly ServerState _state;
    private readonly TaskExecutionService _executions;
    private readonly SecretRedactor _redactor;
    private readonly ILoggerFactory _loggers;
    private readonly McpServerTool[] _generic;

    public ToolRegistry(ServerState state, TaskExecutionService executions, SecretRedactor redactor, ILoggerFactory loggers,
        ExecuteTaskTool execute, GetExecutionTool get, GetTranscriptTool transcript, ListTasksTool list, DescribeTaskTool describe)
    {
        _state = state;
        _executions = executions;
        _redactor = redactor;
        _loggers = loggers;
        _generic = [execute, get, transcript, list, describe];
        Sync(state.Current);
        state.Changed += Sync;
    }

    public McpServerPrimitiveCollection<McpServerTool> Tools { get; } = new();

    private void Sync(ServerSnapshot snapshot)
    {
        var logger = _loggers.CreateLogger<OperationMcpTool>();
        var wanted = _generic.Concat(snapshot.Catalog.Tools.Select(t => (McpServerTool)new OperationMcpTool(t, _executions, _state, _redactor, logger))).ToList();
        lock (Tools)
        {
            using var batch = Tools.DeferChangedEvents();
            Tools.Clear();
            foreach (var tool in wanted) Tools.Add(tool);
        }
    }
}
