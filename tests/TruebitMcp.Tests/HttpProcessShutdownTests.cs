using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ModelContextProtocol.Client;
using TruebitMcp.Examples.DemoUpstream;

namespace TruebitMcp.Tests;

/// <summary>The real process on SIGTERM: stops accepting, lets the in-flight call finish (embedded dispatcher included), exits 0.</summary>
public sealed class HttpProcessShutdownTests
{
    [Fact]
    public async Task Sigterm_lets_an_in_flight_call_finish_then_exits_cleanly()
    {
        await using var upstream = await DemoUpstreamServer.StartAsync();
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { TestPaths.ServerDll, "serve", "--transport", "http", "--urls", $"http://127.0.0.1:{port}", "--config", TestPaths.DemoConfig })
            psi.ArgumentList.Add(a);
        psi.Environment["DEMO_UPSTREAM_URL"] = upstream.BaseAddress.ToString().TrimEnd('/');
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient();
            await Eventually.True(() => IsUp(http, port), () => "server did not start", timeoutMs: 30_000);

            await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri($"http://127.0.0.1:{port}/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
            }));
            var call = client.CallToolAsync("notes_slow", new Dictionary<string, object?> { ["ms"] = 2000 }).AsTask();
            await Eventually.True(() => upstream.Requests.Count == 1, () => "the call did not reach the upstream");

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            var result = await call;
            Assert.NotEqual(true, result.IsError);
            Assert.Equal(2000, result.StructuredContent!.Value.GetProperty("output").GetProperty("waitedMs").GetInt32());

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(exit.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        Assert.DoesNotContain("Unhandled exception", await stderr);
    }

    private static bool IsUp(HttpClient http, int port)
    {
        try { return http.GetAsync($"http://127.0.0.1:{port}/healthz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK; }
        catch (HttpRequestException) { return false; }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
