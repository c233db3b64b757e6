using System.Net.Http;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace TruebitMcp.Core.Manifests;

/// <summary>
/// Reads OpenAPI 3.0/3.1 manifests (JSON or YAML) with Microsoft.OpenApi. Only local <c>$ref</c>s are followed;
/// a network or file reference is refused, never fetched.
/// </summary>
public static class ManifestLoader
{
    private static readonly HttpMethod[] Methods =
        [HttpMethod.Get, HttpMethod.Put, HttpMethod.Post, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Head, HttpMethod.Patch, HttpMethod.Trace];

    public static ApiManifest LoadFile(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ManifestLoadException(path, "", $"cannot be read: {ex.Message}");
        }
        return Parse(text, path);
    }

    public static ApiManifest Parse(string text, string sourceName)
    {
        var isJson = text.TrimStart().StartsWith('{');
        var format = isJson ? OpenApiConstants.Json : OpenApiConstants.Yaml;
        var settings = new OpenApiReaderSettings
        {
            LoadExternalRefs = false,
            // A reader that tries to leave the process fails loudly instead of fetching anything.
            HttpClient = new HttpClient(new RefusingHandler()),
            // Spec-rule violations are reported as warnings below; only unreadable documents are fatal. (The default
            // rules also refuse valid OpenAPI 3.1 documents, e.g. an operation without responses.)
            RuleSet = ValidationRuleSet.GetEmptyRuleSet(),
        };
        settings.AddYamlReader();

        ReadResult result;
        try { result = OpenApiDocument.Parse(text, format, settings); }
        catch (Exception ex)
        {
            throw new ManifestLoadException(sourceName, "", $"is not a readable OpenAPI document: {ex.Message}");
        }

        var errors = result.Diagnostic?.Errors ?? [];
        if (result.Document is null || errors.Count > 0)
        {
            var first = errors.FirstOrDefault();
            throw new ManifestLoadException(sourceName, first?.Pointer ?? "",
                first?.Message ?? "is not an OpenAPI 3.x document");
        }
        var version = result.Diagnostic?.SpecificationVersion ?? OpenApiSpecVersion.OpenApi3_0;
        if (version == OpenApiSpecVersion.OpenApi2_0)
            throw new ManifestLoadException(sourceName, "/swagger", "Swagger 2.0 is not supported; Truebit manifests are OpenAPI 3.x");

        var doc = result.Document;
        var warnings = (result.Diagnostic?.Warnings ?? []).Select(w => $"{w.Pointer}: {w.Message}").ToList();
        warnings.AddRange(doc.Validate(ValidationRuleSet.GetDefaultRuleSet())?.Select(e => $"{e.Pointer}: {e.Message}") ?? []);
        foreach (var external in ExternalRefs(text))
            warnings.Add($"external reference '{external}' is not followed (only local #/ references are)");

        return new ApiManifest
        {
            SourcePath = sourceName,
            Text = text,
            MediaType = isJson ? "application/json" : "application/yaml",
            Document = doc,
            SpecVersion = version.ToString(),
            Operations = ReadOperations(doc),
            Warnings = warnings,
        };
    }

    private static List<ApiOperation> ReadOperations(OpenApiDocument doc)
    {
        var list = new List<ApiOperation>();
        if (doc.Paths is null) return list;
        foreach (var (template, pathItem) in doc.Paths)
        {
            if (pathItem.Operations is null) continue;
            foreach (var method in Methods)
            {
                if (!pathItem.Operations.TryGetValue(method, out var op)) continue;
                list.Add(new ApiOperation
                {
                    PathTemplate = template,
                    Method = method.Method.ToUpperInvariant(),
                    OperationId = string.IsNullOrWhiteSpace(op.OperationId) ? null : op.OperationId,
                    Summary = NullIfBlank(op.Summary) ?? NullIfBlank(pathItem.Summary),
                    Description = NullIfBlank(op.Description) ?? NullIfBlank(pathItem.Description),
                    Tags = op.Tags?.Select(t => t.Name).OfType<string>().ToArray() ?? [],
                    Deprecated = op.Deprecated,
                    Parameters = MergeParameters(pathItem.Parameters, op.Parameters),
                    RequestBody = op.RequestBody,
                    SuccessSchema = SuccessSchema(op),
                });
            }
        }
        return list;
    }

    private static IReadOnlyList<IOpenApiParameter> MergeParameters(IList<IOpenApiParameter>? pathLevel, IList<IOpenApiParameter>? opLevel)
    {
        var merged = new List<IOpenApiParameter>();
        foreach (var p in (opLevel ?? []).Concat(pathLevel ?? []))
        {
            if (p.Name is null) continue;
            if (merged.Any(m => m.Name == p.Name && m.In == p.In)) continue;
            merged.Add(p);
        }
        return merged;
    }

    private static IOpenApiSchema? SuccessSchema(OpenApiOperation op)
    {
        if (op.Responses is null) return null;
        foreach (var (code, response) in op.Responses.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!(code.StartsWith('2') || code.Equals("default", StringComparison.OrdinalIgnoreCase) && op.Responses.Count == 1)) continue;
            if (response.Content is null) continue;
            foreach (var (mediaType, content) in response.Content)
                if (IsJson(mediaType) && content.Schema is not null) return content.Schema;
        }
        return null;
    }

    public static bool IsJson(string mediaType) =>
        mediaType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ||
        (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.Contains("+json", StringComparison.OrdinalIgnoreCase)) ||
        mediaType == "*/*";

    private static IEnumerable<string> ExternalRefs(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, "\"?\\$ref\"?\\s*:\\s*[\"']?([^\"'#\\s][^\"'\\s]*)")
            .Select(m => m.Groups[1].Value).Distinct();

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private sealed class RefusingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"manifest references are never fetched over the network ({request.RequestUri})");
    }
}
