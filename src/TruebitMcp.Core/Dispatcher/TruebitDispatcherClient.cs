using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Core.Dispatcher;

/// <summary>
/// Talks to a Truebit dispatcher (production or the local one). Execute uses a client with no retries — an
/// execution is not idempotent and costs money; status and transcript reads use a client that retries transient
/// failures. Every failure becomes a <see cref="TruebitDispatcherException"/> with a one-line reason.
/// </summary>
public sealed class TruebitDispatcherClient(
    IHttpClientFactory httpClientFactory,
    DispatcherEndpoint endpoint,
    SecretRedactor redactor,
    ILogger<TruebitDispatcherClient> logger) : ITruebitDispatcher
{
    public const string ExecuteClientName = "truebit-execute";
    public const string ReadClientName = "truebit-read";
    private const int MaxReasonLength = 300;

    public Task<ExecutionStatus> ExecuteByNameAsync(ExecuteByNameRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ExecutionStatus>(ExecuteClientName, HttpMethod.Post, "task/api/execute-by-name",
            JsonContent.Create(request, DispatcherJson.Context.ExecuteByNameRequest), $"task {request.Namespace}/{request.TaskName}", cancellationToken);

    public Task<ExecutionStatus> GetExecutionStatusAsync(string executionId, CancellationToken cancellationToken = default) =>
        SendAsync<ExecutionStatus>(ReadClientName, HttpMethod.Get, $"task/api/execution-status/{Uri.EscapeDataString(executionId)}",
            null, $"execution {executionId}", cancellationToken);

    public Task<JsonElement> GetTranscriptAsync(string executionId, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(ReadClientName, HttpMethod.Get, $"task/{Uri.EscapeDataString(executionId)}/transcript",
            null, $"transcript of execution {executionId}", cancellationToken);

    public Task<JsonElement> GetTranscriptInvoiceAsync(string executionId, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(ReadClientName, HttpMethod.Get, $"task/{Uri.EscapeDataString(executionId)}/transcriptInvoice",
            null, $"invoice of execution {executionId}", cancellationToken);

    private async Task<T> SendAsync<T>(string clientName, HttpMethod method, string relativePath, HttpContent? content,
        string subject, CancellationToken cancellationToken)
    {
        var http = httpClientFactory.CreateClient(clientName);
        using var request = new HttpRequestMessage(method, new Uri(endpoint.BaseAddress, relativePath)) { Content = content };
        if (!string.IsNullOrEmpty(endpoint.ApiKey)) request.Headers.TryAddWithoutValidation("x-api-key", endpoint.ApiKey);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new TruebitDispatcherException(DispatcherErrorKind.Timeout,
                $"the Truebit dispatcher at {endpoint.Display} did not answer in time ({subject})", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            var why = ex.InnerException is SocketException se ? se.SocketErrorCode.ToString() : ex.HttpRequestError.ToString();
            throw new TruebitDispatcherException(DispatcherErrorKind.Unreachable,
                $"cannot reach the Truebit dispatcher at {endpoint.Display} ({why}) — check dispatcher.url and the network", inner: ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            logger.LogDebug("Dispatcher {Method} {Path} answered {Status} ({Bytes} bytes)", method, relativePath, (int)response.StatusCode, body.Length);
            if (!response.IsSuccessStatusCode) throw StatusFailure(response.StatusCode, body, subject);
            try
            {
                var value = typeof(T) == typeof(JsonElement)
                    ? (T)(object)JsonDocument.Parse(body).RootElement.Clone()
                    : JsonSerializer.Deserialize<T>(body, DispatcherJson.SerializerOptions);
                return value ?? throw new JsonException("empty body");
            }
            catch (JsonException)
            {
                throw new TruebitDispatcherException(DispatcherErrorKind.InvalidResponse,
                    $"the Truebit dispatcher answered {subject} with a body that is not the expected JSON: {Snippet(redactor.RedactJson(body))}", (int)response.StatusCode);
            }
        }
    }

    private TruebitDispatcherException StatusFailure(HttpStatusCode status, string body, string subject)
    {
        var code = (int)status;
        var detail = ExtractMessage(body);
        var (kind, reason) = code switch
        {
            400 => (DispatcherErrorKind.BadRequest, $"Truebit rejected the request for {subject} as invalid (400): {detail ?? "no reason given"}"),
            401 => (DispatcherErrorKind.Unauthorized, $"the Truebit API key was rejected — check TRUEBIT_API_KEY (401{(detail is null ? "" : ": " + detail)})"),
            402 => (DispatcherErrorKind.PaymentRequired, $"the Truebit account behind this API key cannot pay for executions (402 payment required){(detail is null ? "" : ": " + detail)}"),
            403 => (DispatcherErrorKind.Unauthorized, $"this API key has no grant for {subject} (403){(detail is null ? "" : ": " + detail)}"),
            404 => (DispatcherErrorKind.NotFound, $"Truebit does not know {subject} (404){(detail is null ? "" : ": " + detail)}"),
            >= 500 => (DispatcherErrorKind.ServerError, $"the Truebit dispatcher failed on {subject} ({code}){(detail is null ? "" : ": " + detail)}; try again later"),
            _ => (DispatcherErrorKind.UnexpectedStatus, $"the Truebit dispatcher answered {subject} with HTTP {code}{(detail is null ? "" : ": " + detail)}"),
        };
        return new TruebitDispatcherException(kind, redactor.Redact(reason), code);
    }

    /// <summary>The error body's shape is undocumented: take message, else error, else the raw text. Secrets are masked before it is cut.</summary>
    private string? ExtractMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "message", "error" })
                    if (doc.RootElement.TryGetProperty(name, out var v))
                        return Snippet(redactor.Redact(v.ValueKind == JsonValueKind.String ? v.GetString()! : redactor.RedactJson(v.GetRawText())));
            }
        }
        catch (JsonException) { }
        return Snippet(redactor.RedactJson(body));
    }

    private static string Snippet(string text)
    {
        var oneLine = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return oneLine.Length <= MaxReasonLength ? oneLine : oneLine[..MaxReasonLength] + "…";
    }
}

/// <summary>Where the dispatcher is and how to authenticate to it. The key is never part of <see cref="Display"/>.</summary>
public sealed class DispatcherEndpoint(Uri baseAddress, string? apiKey)
{
    public Uri BaseAddress { get; } = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    public string? ApiKey { get; } = apiKey;
    public string Display => BaseAddress.GetLeftPart(UriPartial.Authority);
}
