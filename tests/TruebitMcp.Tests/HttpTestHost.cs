using ModelContextProtocol.Client;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Examples.DemoUpstream;
using TruebitMcp.Hosting;

namespace TruebitMcp.Tests;

/// <summary>The demo upstream, a runtime on the demo config and the HTTP server on a free loopback port.</summary>
internal sealed class HttpTestHost : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";

    private HttpTestHost(DemoUpstreamServer upstream, ServerRuntime runtime, HttpServer server, McpServerHarness.CapturingSink logs)
    {
        Upstream = upstream;
        Runtime = runtime;
        Server = server;
        Logs = logs;
    }

    /// <summary>Every line the server logged (at Information and above unless overridden).</summary>
    public McpServerHarness.CapturingSink Logs { get; }

    public DemoUpstreamServer Upstream { get; }
    public ServerRuntime Runtime { get; }
    public HttpServer Server { get; }
    public Uri Endpoint => Server.McpEndpoint;

    public static string DemoConfig => TestPaths.DemoConfig;

    /// <summary>Tokens on: one token named "tests" (see <see cref="Token"/>).</summary>
    public static string[] WithToken => ["--http:tokens:0:name=tests", $"--http:tokens:0:token={Token}"];

    public static async Task<HttpTestHost> StartAsync(string[]? overrides = null, string urls = "http://127.0.0.1:0")
    {
        var upstream = await DemoUpstreamServer.StartAsync();
        ServerRuntime? runtime = null;
        try
        {
            var logs = new McpServerHarness.CapturingSink();
            runtime = await StartRuntimeAsync(upstream, overrides, logs);
            var server = await HttpServer.StartAsync(runtime, urls);
            return new HttpTestHost(upstream, runtime, server, logs);
        }
        catch
        {
            if (runtime is not null) await runtime.DisposeAsync();
            await upstream.DisposeAsync();
            throw;
        }
    }

    public static async Task<ServerRuntime> StartRuntimeAsync(DemoUpstreamServer upstream, string[]? overrides, Serilog.Core.ILogEventSink? logs = null)
    {
        var upstreamUrl = upstream.BaseAddress.AbsoluteUri.TrimEnd('/');
        var config = ConfigLoader.Load(DemoConfig, overrides ?? [],
            name => name == "DEMO_UPSTREAM_URL" ? upstreamUrl : Environment.GetEnvironmentVariable(name));
        return await ServerRuntime.StartAsync(config, new RuntimeOverrides { WatchFiles = false, ExtraLogSink = logs });
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = Server.Addresses[0], Timeout = TimeSpan.FromSeconds(30) };

    public Task<McpClient> ConnectAsync(string? token = null) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = token is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        }));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Runtime.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
