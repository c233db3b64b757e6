using System.Text.Json.Nodes;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Schemas;

namespace TruebitMcp.Core.Manifests;

/// <summary>Behaviour hints published with a tool (MCP tool annotations).</summary>
public sealed record ToolHints(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld)
{
    public static ToolHints For(string method) => method switch
    {
        "GET" or "HEAD" or "OPTIONS" => new(true, false, true, true),
        "PUT" or "DELETE" => new(false, true, true, true),
        _ => new(false, true, false, true),
    };
}

/// <summary>Everything needed to publish and run one per-operation tool. Free of MCP types.</summary>
public sealed class OperationTool
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required JsonObject InputSchema { get; init; }
    public JsonObject? OutputSchema { get; init; }
    public required ToolHints Hints { get; init; }
    public required TaskOptions Task { get; init; }
    public required ApiOperation Operation { get; init; }
    public required ArgumentMap Arguments { get; init; }
    public required ArgumentValidator Validator { get; init; }
    /// <summary>Checks an API answer against the <c>output</c> part of <see cref="OutputSchema"/>, when there is one.</summary>
    public ArgumentValidator? OutputValidator { get; init; }
}
