using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TruebitMcp.Core.Dispatcher;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Security;

namespace TruebitMcp.LocalDispatcher;

/// <summary>The target API's answer to one execution.</summary>
internal sealed record UpstreamOutcome(int StatusCode, JsonNode? Body, string? ContentType, long RequestBytes, long ResponseBytes, string? Failure);

/// <summary>
/// Performs the HTTP call a Truebit input describes, against the task's server only: parameters are
/// percent-encoded into the template and the resolved URL must stay under the server's scheme, host, port and path.
/// </summary>
internal sealed class UpstreamCaller(IHttpClientFactory httpClientFactory)
{
    public const string ClientName = "truebit-local-upstream";

    public static Uri ResolveTarget(string serverUrl, TaskInput input)
    {
        var baseUri = new Uri(serverUrl.TrimEnd('/') + "/", UriKind.Absolute);
        string expanded;
        IReadOnlyList<string> missing;
        try { expanded = PathTemplate.Expand(input.Path, input.Params, out missing); }
        catch (UnsafePathValueException ex) { throw new UpstreamRefusedException(ex.Message); }
        if (missing.Count > 0)
            throw new UpstreamRefusedException($"params has no value for {string.Join(", ", missing.Select(m => "{" + m + "}"))} in path '{input.Path}'");
        if (!expanded.StartsWith('/')) expanded = "/" + expanded;
        var target = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + expanded, UriKind.Absolute);
        var basePath = baseUri.AbsolutePath.TrimEnd('/');
        if (target.Scheme != baseUri.Scheme || target.IdnHost != baseUri.IdnHost || target.Port != baseUri.Port ||
            !target.AbsolutePath.StartsWith(basePath + "/", StringComparison.Ordinal) && target.AbsolutePath != basePath)
            throw new UpstreamRefusedException("the resolved URL leaves the task's server; refused");
        return target;
    }

    public async Task<UpstreamOutcome> CallAsync(Uri target, TaskInput input, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(input.Method.ToUpperInvariant()), target);
        long requestBytes = input.Method.Length + target.AbsoluteUri.Length + 12;
        if (input.Body is not null)
        {
            var json = input.Body.ToJsonString();
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            requestBytes += Encoding.UTF8.GetByteCount(json);
        }
        foreach (var (name, value) in input.Headers ?? [])
        {
            if (!HeaderPolicy.IsSendable(name) || HeaderPolicy.HasControlCharacters(value))
                throw new UpstreamRefusedException($"header '{name}' cannot be sent");
            if (request.Headers.TryAddWithoutValidation(name, value)) { }
            else if (request.Content is { } content)
            {
                content.Headers.Remove(name); // replace, never append, a content header such as Content-Type
                content.Headers.TryAddWithoutValidation(name, value);
            }
            requestBytes += name.Length + value.Length + 4;
        }

        var http = httpClientFactory.CreateClient(ClientName);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var contentType = response.Content.Headers.ContentType?.MediaType;
            var responseBytes = bytes.LongLength + response.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v.Length) + 4);
            return new UpstreamOutcome((int)response.StatusCode, ParseBody(bytes, contentType), contentType, requestBytes, responseBytes, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new UpstreamOutcome(0, null, null, requestBytes, 0, $"the target API could not be reached: {ex.Message}");
        }
    }

    /// <summary>JSON bodies are parsed; text is kept as a string; anything else is base64 with its media type.</summary>
    private static JsonNode? ParseBody(byte[] bytes, string? contentType)
    {
        if (bytes.Length == 0) return null;
        try { return JsonNode.Parse(bytes); }
        catch (JsonException) { }
        var isText = contentType is null || contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
                     contentType.Contains("xml", StringComparison.OrdinalIgnoreCase) || contentType.Contains("json", StringComparison.OrdinalIgnoreCase);
        if (isText)
        {
            try { return JsonValue.Create(new UTF8Encoding(false, true).GetString(bytes)); }
            catch (DecoderFallbackException) { }
        }
        return new JsonObject { ["contentType"] = contentType ?? "application/octet-stream", ["base64"] = Convert.ToBase64String(bytes) };
    }
}

internal sealed class UpstreamRefusedException(string message) : Exception(message);
