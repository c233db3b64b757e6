using TruebitMcp.LocalDispatcher;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TruebitMcp.Hosting.Http;

namespace TruebitMcp.Hosting;

/// <summary>The configuration or the listen address makes serving over HTTP unsafe; the message says how to fix it.</summary>
internal sealed class HttpServerRefusedException(string message) : Exception(message);

/// <summary>
/// Streamable HTTP transport: MCP on /mcp behind the Host/Origin/token guard, /healthz and /readyz beside it.
/// </summary>
internal sealed class HttpServer : IAsyncDisposable
{
    public const string McpPath = "/mcp";

    private HttpServer(WebApplication app, IReadOnlyList<Uri> addresses)
    {
        App = app;
        Addresses = addresses;
    }

    public WebApplication App { get; }
    public IReadOnlyList<Uri> Addresses { get; }
    public Uri McpEndpoint => new(Addresses[0], McpPath);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires (Ctrl+C, SIGTERM). Exit code 2 when refused.</summary>
    public static async Task<int> RunAsync(ServerRuntime runtime, string? urls, CancellationToken cancellationToken)
    {
        HttpServer server;
        try
        {
            server = await StartAsync(runtime, urls, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpServerRefusedException ex)
        {
            runtime.Logger.Error("Not starting the HTTP server: {Reason}", ex.Message);
            return 2;
        }
        await using (server.ConfigureAwait(false))
        {
            // SIGTERM reaches the host's console lifetime (ApplicationStopping), Ctrl+C may reach the command line's token;
            // either way the app is only started, not run, so stopping it is up to us.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, server.App.Lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stop gracefully below.
            }
            runtime.Logger.Information("Stopping; in-flight requests get up to {Seconds} s", runtime.Config.Options.Http.ShutdownTimeoutSeconds);
            await server.App.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return 0;
    }

    /// <summary>Starts listening and returns once the server accepts requests (port 0 binds a free port).</summary>
    public static async Task<HttpServer> StartAsync(ServerRuntime runtime, string? urls, CancellationToken cancellationToken = default)
    {
        var http = runtime.Config.Options.Http;
        var listen = ListenAddresses.Split(urls);
        var tokens = new BearerTokens(http.Tokens);
        var remote = listen.Where(u => !ListenAddresses.IsLoopback(u)).ToArray();
        if (remote.Length > 0 && !tokens.Enabled)
        {
            if (!http.AllowUnauthenticatedRemote)
                throw new HttpServerRefusedException(
                    $"{string.Join(", ", remote)} is reachable from other machines and no bearer tokens are configured. " +
                    "Add http.tokens (e.g. [{\"name\": \"ci\", \"token\": \"${env:TRUEBIT_MCP_TOKEN}\"}]), bind to 127.0.0.1, " +
                    "or set http.allowUnauthenticatedRemote to true if a proxy in front authenticates every request.");
            runtime.Logger.Warning("SECURITY: serving {Urls} WITHOUT AUTHENTICATION (http.allowUnauthenticatedRemote is true); " +
                "anyone who can reach it can run every configured task", string.Join(", ", remote));
        }
        if (remote.Length > 0 && http.AllowedHosts.Count == 0)
            runtime.Logger.Warning("Only loopback Host headers are accepted ({Hosts}); set http.allowedHosts to the name clients use",
                string.Join(", ", http.EffectiveAllowedHosts));

        var builder = QuietWebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = http.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxRequestLineSize = 8 * 1024;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(http.ShutdownTimeoutSeconds));
        runtime.AddServices(builder.Services).WithHttpTransport(o => o.Stateless = !http.Stateful);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddSingleton(new RequestPolicy(http));
        builder.Services.AddSingleton<McpRequestGuard>();
        builder.Services.AddHttpClient(ReadinessProbe.ClientName, c => c.Timeout = ReadinessProbe.Timeout);
        builder.Services.AddSingleton<ReadinessProbe>();

        var app = builder.Build();
        var guard = app.Services.GetRequiredService<McpRequestGuard>();
        app.UseWhen(c => c.Request.Path.StartsWithSegments(McpPath), b => b.Use(guard.InvokeAsync));
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", async (ReadinessProbe probe, CancellationToken ct) =>
            await probe.FindProblemAsync(ct).ConfigureAwait(false) is { } reason
                ? Results.Json(new ReadinessReport("not ready", reason), HttpJsonContext.Default.ReadinessReport, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Json(new ReadinessReport("ready", null), HttpJsonContext.Default.ReadinessReport));
        app.MapMcp(McpPath);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal)))
            .ToArray();
        runtime.Logger.Information("MCP over Streamable HTTP on {Endpoints} ({Mode}); bearer tokens: {Tokens}",
            string.Join(", ", addresses.Select(a => new Uri(a, McpPath))), http.Stateful ? "stateful" : "stateless",
            tokens.Enabled ? string.Join(", ", tokens.Names) : "none");
        return new HttpServer(app, addresses);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync().ConfigureAwait(false);
}
