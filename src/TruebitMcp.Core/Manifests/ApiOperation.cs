using Microsoft.OpenApi;

namespace TruebitMcp.Core.Manifests;

/// <summary>One operation of a manifest: what a Truebit call selects by <c>path</c> + <c>method</c>.</summary>
public sealed class ApiOperation
{
    public required string PathTemplate { get; init; }
    /// <summary>Upper-case HTTP verb.</summary>
    public required string Method { get; init; }
    public string? OperationId { get; init; }
    public string? Summary { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public bool Deprecated { get; init; }
    /// <summary>Path-item parameters merged with the operation's own (the operation's win).</summary>
    public IReadOnlyList<IOpenApiParameter> Parameters { get; init; } = [];
    public IOpenApiRequestBody? RequestBody { get; init; }
    /// <summary>Schema of the first 2xx JSON response, if any.</summary>
    public IOpenApiSchema? SuccessSchema { get; init; }
    /// <summary>JSON pointer of the operation inside its manifest.</summary>
    public string Pointer => $"/paths/{EscapePointer(PathTemplate)}/{Method.ToLowerInvariant()}";
    /// <summary>Identity that survives renames: method and path template.</summary>
    public string StableId => $"{Method} {PathTemplate}";

    public bool IsReadOnly => Method is "GET" or "HEAD" or "OPTIONS";

    private static string EscapePointer(string s) => s.Replace("~", "~0").Replace("/", "~1");
}
