using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TruebitMcp.Hosting;

namespace TruebitMcp.Tests;

public sealed class HttpGuardTests
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"tests","version":"1"}}}""";

    private static HttpRequestMessage InitializeRequest(string? token = null, string? origin = null, string? host = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, HttpServer.McpPath)
        {
            Content = new StringContent(Initialize, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (host is not null) request.Headers.Host = host;
        return request;
    }

    [Fact]
    public async Task Missing_token_is_401_with_WWW_Authenticate()
    {
        await using var host = await HttpTestHost.StartAsync(HttpTestHost.WithToken);
        using var http = host.CreateHttpClient();
        using var response = await http.SendAsync(InitializeRequest());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Wrong_token_is_401()
    {
        await using var host = await HttpTestHost.StartAsync(HttpTestHost.WithToken);
        using var http = host.CreateHttpClient();
        using var response = await http.SendAsync(InitializeRequest(token: HttpTestHost.Token + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Right_token_is_served()
    {
        await using var host = await HttpTestHost.StartAsync(HttpTestHost.WithToken);
        using var http = host.CreateHttpClient();
        using var response = await http.SendAsync(InitializeRequest(token: HttpTestHost.Token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("truebit-mcp", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Foreign_Host_is_refused()
    {
        await using var host = await HttpTestHost.StartAsync();
        using var http = host.CreateHttpClient();
        using var response = await http.SendAsync(InitializeRequest(host: "evil.example:80"));
        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Configured_Host_is_served()
    {
        await using var host = await HttpTestHost.StartAsync(["--http:allowedHosts:0=mcp.example.com"]);
        using var http = host.CreateHttpClient();
        using var served = await http.SendAsync(InitializeRequest(host: "mcp.example.com"));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        using var loopback = await http.SendAsync(InitializeRequest());
        Assert.Equal(HttpStatusCode.BadRequest, loopback.StatusCode);
    }

    [Fact]
    public async Task Foreign_Origin_is_403()
    {
        await using var host = await HttpTestHost.StartAsync();
        using var http = host.CreateHttpClient();
        using var response = await http.SendAsync(InitializeRequest(origin: "http://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://localhost:6274")]
    [InlineData("http://127.0.0.1:3000")]
    public async Task Loopback_or_absent_Origin_is_served_by_default(string? origin)
    {
        await using var host = await HttpTestHost.StartAsync();
        using var http = host.CreateHttpClient();
        using var response = await http.SendAsync(InitializeRequest(origin: origin));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Configured_Origin_replaces_the_defaults()
    {
        await using var host = await HttpTestHost.StartAsync(["--http:allowedOrigins:0=https://app.example.com"]);
        using var http = host.CreateHttpClient();
        using var allowed = await http.SendAsync(InitializeRequest(origin: "https://app.example.com"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var loopback = await http.SendAsync(InitializeRequest(origin: "http://localhost:6274"));
        Assert.Equal(HttpStatusCode.Forbidden, loopback.StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        await using var host = await HttpTestHost.StartAsync(HttpTestHost.WithToken);
        using var http = host.CreateHttpClient();
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Readyz_is_503_when_the_remote_dispatcher_does_not_answer()
    {
        // Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
        await using var host = await HttpTestHost.StartAsync(["--dispatcher:url=http://127.0.0.1:9", "--dispatcher:apiKey=k"]);
        using var http = host.CreateHttpClient();
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("dispatcher", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Oversized_body_is_refused()
    {
        await using var host = await HttpTestHost.StartAsync(["--http:maxRequestBodyBytes=2048"]);
        using var http = host.CreateHttpClient();
        var big = Initialize.Replace("\"tests\"", "\"" + new string('x', 4096) + "\"", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, HttpServer.McpPath) { Content = new StringContent(big, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request);
        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Non_loopback_bind_without_tokens_refuses_to_start()
    {
        await using var upstream = await Examples.DemoUpstream.DemoUpstreamServer.StartAsync();
        await using var runtime = await HttpTestHost.StartRuntimeAsync(upstream, null);
        var ex = await Assert.ThrowsAsync<HttpServerRefusedException>(() => HttpServer.StartAsync(runtime, "http://0.0.0.0:0"));
        Assert.Contains("http.tokens", ex.Message);
        Assert.Equal(2, await HttpServer.RunAsync(runtime, "http://0.0.0.0:0", CancellationToken.None));
    }

    [Fact]
    public async Task Non_loopback_bind_with_tokens_starts()
    {
        await using var host = await HttpTestHost.StartAsync(HttpTestHost.WithToken, urls: "http://0.0.0.0:0");
        using var http = host.CreateHttpClient();
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
    }
}
