using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TruebitMcp.Core.Dispatcher;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Core.Tests;

/// <summary>A loopback Kestrel server whose every answer is decided by the test; records each request.</summary>
internal sealed class FakeDispatcher : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentQueue<(string Method, string Path, string? ApiKey, string Body)> Requests { get; } = new();
    public Func<HttpContext, int, Task> Handler { get; set; } = (ctx, _) => { ctx.Response.StatusCode = 200; return Task.CompletedTask; };
    public Uri BaseAddress { get; private set; } = null!;

    private FakeDispatcher()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        var count = 0;
        _app.Run(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue((ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, ctx.Request.Headers["x-api-key"].FirstOrDefault(), body));
            await Handler(ctx, Interlocked.Increment(ref count));
        });
    }

    public static async Task<FakeDispatcher> StartAsync()
    {
        var f = new FakeDispatcher();
        await f._app.StartAsync();
        var address = f._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        f.BaseAddress = new Uri(address);
        return f;
    }

    public static Func<HttpContext, int, Task> Reply(int status, string body, string contentType = "application/json") => async (ctx, _) =>
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        await ctx.Response.WriteAsync(body);
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class DispatcherClientTests : IAsyncLifetime
{
    private const string ApiKey = "tb-test-key-5f4e3d2c1b";
    private FakeDispatcher _server = null!;
    private readonly List<ServiceProvider> _providers = [];

    public async Task InitializeAsync() => _server = await FakeDispatcher.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var p in _providers) await p.DisposeAsync();
        await _server.DisposeAsync();
    }

    private ITruebitDispatcher Client(int readRetries = 0, Uri? baseAddress = null, string? apiKey = ApiKey, TimeSpan? requestTimeout = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new DispatcherEndpoint(baseAddress ?? _server.BaseAddress, apiKey));
        services.AddSingleton(new SecretRedactor(apiKey is null ? [] : [apiKey]));
        services.AddTruebitDispatcher(requestTimeout ?? TimeSpan.FromSeconds(30), readRetries, retryDelay: TimeSpan.FromMilliseconds(1));
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<ITruebitDispatcher>();
    }

    private static ExecuteByNameRequest Request() => new()
    {
        Namespace = "62faaf33",
        TaskName = "api3",
        Async = false,
        ExecutionTimeout = 10000,
        Input = new TaskInput { Path = "/store/order/{orderId}", Method = "GET", Params = new JsonObject { ["orderId"] = 2 } },
    };

    private async Task<TruebitDispatcherException> ExecuteFails()
    {
        var ex = await Assert.ThrowsAsync<TruebitDispatcherException>(() => Client().ExecuteByNameAsync(Request()));
        Assert.DoesNotContain(ApiKey, ex.Message);
        Assert.DoesNotContain(ApiKey, ex.ToString());
        return ex;
    }

    [Fact]
    public async Task Execute_sends_the_request_and_the_api_key()
    {
        _server.Handler = FakeDispatcher.Reply(200, """
            {"executionId":"e-1","status":"Success",
             "clearTextSolution":{"output":{"id":2,"quantity":7},"status":"succeed","senderAddress":"0xabc"},
             "totalTransferredBytes":{"request":194,"response":438}}
            """);
        var status = await Client().ExecuteByNameAsync(Request());

        var (method, path, key, body) = Assert.Single(_server.Requests);
        Assert.Equal("POST", method);
        Assert.Equal("/task/api/execute-by-name", path);
        Assert.Equal(ApiKey, key);
        var sent = JsonNode.Parse(body)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"namespace":"62faaf33","taskName":"api3","async":false,
             "input":{"path":"/store/order/{orderId}","method":"GET","params":{"orderId":2}},"executionTimeout":10000}
            """), sent), sent.ToJsonString());

        Assert.True(status.Succeeded);
        Assert.Equal("e-1", status.ExecutionId);
        Assert.Equal(7, status.ClearTextSolution!.Output!.Value.GetProperty("quantity").GetInt32());
        Assert.Equal(438, status.TotalTransferredBytes!.Response);
    }

    [Fact]
    public async Task Status_read_sends_the_api_key_and_escapes_the_id()
    {
        _server.Handler = FakeDispatcher.Reply(200, """{"executionId":"a/b","status":"Running"}""");
        var status = await Client().GetExecutionStatusAsync("a/b?c");
        var (method, path, key, _) = Assert.Single(_server.Requests);
        Assert.Equal("GET", method);
        Assert.Equal("/task/api/execution-status/a%2Fb%3Fc", path);
        Assert.Equal(ApiKey, key);
        Assert.False(status.IsFinished);
    }

    [Fact]
    public async Task Status_with_unknown_fields_parses()
    {
        _server.Handler = FakeDispatcher.Reply(200, """
            {"executionId":"e-2","status":"Success","newField":{"nested":[1,2]},"anotherOne":42,
             "clearTextSolution":{"output":[1,2,3],"status":"succeed","proof":"0xdead"},
             "totalTransferredBytes":{"request":1,"response":2,"overhead":3}}
            """);
        var status = await Client().GetExecutionStatusAsync("e-2");
        Assert.True(status.Succeeded);
        Assert.NotNull(status.Extra);
        Assert.True(status.Extra!.ContainsKey("newField"));
        Assert.True(status.ClearTextSolution!.Extra!.ContainsKey("proof"));
    }

    [Fact]
    public async Task Transcript_is_returned_as_json()
    {
        _server.Handler = FakeDispatcher.Reply(200, """{"events":[{"type":"api_task_created"}]}""");
        var t = await Client().GetTranscriptAsync("e-3");
        Assert.Equal("api_task_created", t.GetProperty("events")[0].GetProperty("type").GetString());
        Assert.Equal("/task/e-3/transcript", Assert.Single(_server.Requests).Path);
    }

    [Fact]
    public async Task Http_400_is_BadRequest_with_the_reason()
    {
        _server.Handler = FakeDispatcher.Reply(400, """{"message":"input does not match manifest"}""");
        var ex = await ExecuteFails();
        Assert.Equal(DispatcherErrorKind.BadRequest, ex.Kind);
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("input does not match manifest", ex.Message);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Http_401_names_TRUEBIT_API_KEY_and_never_the_key()
    {
        _server.Handler = FakeDispatcher.Reply(401, $$"""{"error":"invalid api key {{ApiKey}}"}""");
        var ex = await ExecuteFails();
        Assert.Equal(DispatcherErrorKind.Unauthorized, ex.Kind);
        Assert.Contains("the Truebit API key was rejected — check TRUEBIT_API_KEY", ex.Message);
        Assert.Contains(SecretRedactor.Mask, ex.Message);
    }

    [Fact]
    public async Task Http_402_is_PaymentRequired()
    {
        _server.Handler = FakeDispatcher.Reply(402, "");
        var ex = await ExecuteFails();
        Assert.Equal(DispatcherErrorKind.PaymentRequired, ex.Kind);
        Assert.Contains("402", ex.Message);
    }

    [Fact]
    public async Task Http_404_on_status_is_NotFound()
    {
        _server.Handler = FakeDispatcher.Reply(404, """{"message":"Execution ID not found"}""");
        var ex = await Assert.ThrowsAsync<TruebitDispatcherException>(() => Client().GetExecutionStatusAsync("nope"));
        Assert.Equal(DispatcherErrorKind.NotFound, ex.Kind);
        Assert.Contains("Execution ID not found", ex.Message);
        Assert.Contains("nope", ex.Message);
    }

    [Fact]
    public async Task Http_500_with_json_message()
    {
        _server.Handler = FakeDispatcher.Reply(500, """{"message":"database is down"}""");
        var ex = await ExecuteFails();
        Assert.Equal(DispatcherErrorKind.ServerError, ex.Kind);
        Assert.Equal(500, ex.StatusCode);
        Assert.Contains("database is down", ex.Message);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Http_500_with_plain_text_body_on_a_status_read()
    {
        _server.Handler = FakeDispatcher.Reply(500, "Internal\nServer Error", "text/plain");
        var ex = await Assert.ThrowsAsync<TruebitDispatcherException>(() => Client(readRetries: 0).GetExecutionStatusAsync("e"));
        Assert.Equal(DispatcherErrorKind.ServerError, ex.Kind);
        Assert.Contains("Internal Server Error", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Long_error_body_is_cut()
    {
        _server.Handler = FakeDispatcher.Reply(500, new string('x', 5000), "text/plain");
        var ex = await ExecuteFails();
        Assert.True(ex.Message.Length < 600, $"message is {ex.Message.Length} chars");
    }

    [Fact]
    public async Task A_dispatcher_that_does_not_answer_in_time_is_a_Timeout()
    {
        _server.Handler = async (ctx, _) => await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted);
        var ex = await Assert.ThrowsAsync<TruebitDispatcherException>(() =>
            Client(requestTimeout: TimeSpan.FromMilliseconds(300)).ExecuteByNameAsync(Request()));
        Assert.Equal(DispatcherErrorKind.Timeout, ex.Kind);
        Assert.Contains("did not answer in time", ex.Message);
        Assert.True(ex.IsTransient);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Malformed_success_body_is_InvalidResponse()
    {
        _server.Handler = FakeDispatcher.Reply(200, "<html>gateway</html>", "text/html");
        var ex = await ExecuteFails();
        Assert.Equal(DispatcherErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("<html>gateway</html>", ex.Message);

        _server.Handler = FakeDispatcher.Reply(200, "");
        ex = await Assert.ThrowsAsync<TruebitDispatcherException>(() => Client().GetExecutionStatusAsync("e"));
        Assert.Equal(DispatcherErrorKind.InvalidResponse, ex.Kind);

        _server.Handler = FakeDispatcher.Reply(200, "null");
        ex = await Assert.ThrowsAsync<TruebitDispatcherException>(() => Client().GetExecutionStatusAsync("e"));
        Assert.Equal(DispatcherErrorKind.InvalidResponse, ex.Kind);
    }

    [Fact]
    public async Task Connection_refused_is_Unreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var client = Client(baseAddress: new Uri($"http://127.0.0.1:{port}/"));
        var ex = await Assert.ThrowsAsync<TruebitDispatcherException>(() => client.ExecuteByNameAsync(Request()));
        Assert.Equal(DispatcherErrorKind.Unreachable, ex.Kind);
        Assert.Contains($"127.0.0.1:{port}", ex.Message);
        Assert.DoesNotContain(ApiKey, ex.Message);
        Assert.True(ex.IsTransient);

        ex = await Assert.ThrowsAsync<TruebitDispatcherException>(() => client.GetExecutionStatusAsync("e"));
        Assert.Equal(DispatcherErrorKind.Unreachable, ex.Kind);
    }

    [Fact]
    public async Task Status_read_is_retried_on_503()
    {
        _server.Handler = async (ctx, n) =>
        {
            if (n < 3) { ctx.Response.StatusCode = 503; return; }
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"executionId":"e","status":"Running"}""");
        };
        var status = await Client(readRetries: 3).GetExecutionStatusAsync("e");
        Assert.Equal("Running", status.Status);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Status_read_gives_up_after_the_configured_retries()
    {
        _server.Handler = FakeDispatcher.Reply(503, """{"message":"busy"}""");
        var ex = await Assert.ThrowsAsync<TruebitDispatcherException>(() => Client(readRetries: 2).GetExecutionStatusAsync("e"));
        Assert.Equal(DispatcherErrorKind.ServerError, ex.Kind);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Execute_is_not_retried_on_503()
    {
        _server.Handler = FakeDispatcher.Reply(503, """{"message":"busy"}""");
        var ex = await Assert.ThrowsAsync<TruebitDispatcherException>(() => Client(readRetries: 3).ExecuteByNameAsync(Request()));
        Assert.Equal(DispatcherErrorKind.ServerError, ex.Kind);
        Assert.Equal(503, ex.StatusCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task No_api_key_header_without_a_key()
    {
        _server.Handler = FakeDispatcher.Reply(200, """{"status":"Running"}""");
        await Client(apiKey: null).GetExecutionStatusAsync("e");
        Assert.Null(Assert.Single(_server.Requests).ApiKey);
    }

    [Fact]
    public async Task Base_address_with_a_path_prefix_is_kept()
    {
        _server.Handler = FakeDispatcher.Reply(200, """{"status":"Running"}""");
        await Client(baseAddress: new Uri(_server.BaseAddress, "dispatcher")).GetExecutionStatusAsync("e");
        Assert.Equal("/dispatcher/task/api/execution-status/e", Assert.Single(_server.Requests).Path);
    }
}
