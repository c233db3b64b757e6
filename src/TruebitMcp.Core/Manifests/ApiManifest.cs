using Microsoft.OpenApi;

namespace TruebitMcp.Core.Manifests;

/// <summary>A parsed OpenAPI manifest and the operations it exposes.</summary>
public sealed class ApiManifest
{
    public required string SourcePath { get; init; }
    /// <summary>The file's text as read; served as an MCP resource.</summary>
    public required string Text { get; init; }
    public required string MediaType { get; init; }
    public required OpenApiDocument Document { get; init; }
    public required string SpecVersion { get; init; }
    public string? Title => Document.Info?.Title;
    public string? Description => Document.Info?.Description;
    /// <summary>servers[0].url, the base of every upstream call.</summary>
    public string? ServerUrl => Document.Servers?.FirstOrDefault()?.Url;
    public required IReadOnlyList<ApiOperation> Operations { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Finds the operation a Truebit input names. The template may carry a query part ("/api?x={x}").</summary>
    public ApiOperation? FindOperation(string path, string method)
    {
        var template = path.Split('?', 2)[0];
        return Operations.FirstOrDefault(o =>
            string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(o.PathTemplate, template, StringComparison.Ordinal));
    }
}
