using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TruebitMcp.Core.Dispatcher;
using TruebitMcp.Core.Manifests;

namespace TruebitMcp.LocalDispatcher;

/// <summary>
/// A Truebit-compatible dispatcher for development, demos and tests: the routes and response shapes of
/// execute-by-name, execution-status, transcript and transcriptInvoice, performing the real HTTP call each task's
/// manifest describes. Runs in-process (<see cref="StartAsync"/>) or standalone (<c>truebit-mcp local-dispatcher</c>).
/// </summary>
public sealed class LocalDispatcherApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalDispatcherApp(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<LocalDispatcherApp> StartAsync(Func<TaskCatalog> catalog, LocalDispatcherOptions options,
        string url = "http://127.0.0.1:0", ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var builder = QuietWebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        // The owner decides when the dispatcher stops (after in-flight MCP calls); it must not react to SIGTERM itself.
        builder.Services.AddSingleton<IHostLifetime, OwnerControlledLifetime>();
        if (loggerFactory is not null) builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddHttpClient(UpstreamCaller.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        builder.Services.AddSingleton<UpstreamCaller>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<LocalExecutionEngine>();

        var app = builder.Build();
        Map(app, options);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalDispatcherApp(app, new Uri(address.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1")));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app, LocalDispatcherOptions options)
    {
        var keys = options.ApiKeys.Select(k => Encoding.UTF8.GetBytes(k)).ToArray();
        app.Use(async (context, next) =>
        {
            if (keys.Length > 0)
            {
                var given = Encoding.UTF8.GetBytes(context.Request.Headers["x-api-key"].ToString());
                if (!keys.Any(k => CryptographicOperations.FixedTimeEquals(k, given)))
                {
                    await Error(context, 401, "Unauthorized: invalid or missing x-api-key");
                    return;
                }
            }
            await next(context);
        });

        app.MapPost("/task/api/execute-by-name", async (HttpContext context, LocalExecutionEngine engine) =>
        {
            // A JSON content type forces a CORS preflight, so a web page cannot post executions to a loopback dispatcher.
            if (!(context.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                await Error(context, 415, "Content-Type must be application/json");
                return;
            }
            ExecuteByNameRequest? request;
            try { request = await JsonSerializer.DeserializeAsync(context.Request.Body, DispatcherJson.Context.ExecuteByNameRequest, context.RequestAborted); }
            catch (JsonException ex) { await Error(context, 400, $"body is not a valid execute-by-name request: {ex.Message}"); return; }
            if (request is null) { await Error(context, 400, "empty body"); return; }

            var (execution, status, reason) = engine.Start(request);
            if (execution is null) { await Error(context, status, reason!); return; }
            if (!request.Async)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                wait.CancelAfter(engine.SyncWait);
                try { await execution.Completion.WaitAsync(wait.Token); }
                catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested) { }
            }
            await Write(context, 200, execution.Completion.IsCompletedSuccessfully
                ? execution.CurrentStatus
                : new ExecutionStatus { ExecutionId = execution.Id });
        });

        app.MapGet("/task/api/execution-status/{executionId}", async (string executionId, HttpContext context, LocalExecutionEngine engine) =>
        {
            if (engine.Find(executionId) is not { } execution) { await Error(context, 404, "Execution ID not found"); return; }
            await Write(context, 200, execution.CurrentStatus);
        });

        app.MapGet("/task/{executionId}/transcript", (string executionId, LocalExecutionEngine engine) =>
            engine.Find(executionId) is { Transcript: { } t } ? Results.Json(t) : NotFound(engine.Find(executionId) is null));

        app.MapGet("/task/hash/{hash}/transcript", (string hash, LocalExecutionEngine engine) =>
            engine.FindByTranscriptHash(hash) is { Transcript: { } t } ? Results.Json(t) : Results.Json(new { message = "Transcript not found" }, statusCode: 404));

        app.MapGet("/task/{executionId}/transcriptInvoice", (string executionId, LocalExecutionEngine engine) =>
            engine.Find(executionId) is { Invoice: { } i } ? Results.Json(i) : NotFound(engine.Find(executionId) is null));
    }

    private static IResult NotFound(bool unknown) =>
        Results.Json(new { message = unknown ? "Execution ID not found" : "Execution has not finished yet" }, statusCode: unknown ? 404 : 409);

    private static Task Write(HttpContext context, int status, ExecutionStatus body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, DispatcherJson.Context.ExecutionStatus, cancellationToken: context.RequestAborted);
    }

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorBody(message), LocalJson.Default.ErrorBody, cancellationToken: context.RequestAborted);
    }
}

internal sealed record ErrorBody(string Message);

internal sealed class OwnerControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ErrorBody))]
internal sealed partial class LocalJson : System.Text.Json.Serialization.JsonSerializerContext;
