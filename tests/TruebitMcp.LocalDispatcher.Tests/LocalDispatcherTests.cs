using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Examples.DemoUpstream;
using Xunit;

namespace TruebitMcp.LocalDispatcher.Tests;

/// <summary>The local dispatcher's HTTP surface, driven with plain HTTP as a Truebit client would.</summary>
public sealed class LocalDispatcherTests : IAsyncLifetime
{
    private DemoUpstreamServer _upstream = null!;
    private LocalDispatcherApp _dispatcher = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _upstream = await DemoUpstreamServer.StartAsync();
        var root = FindRoot();
        var options = new TruebitMcpOptions
        {
            BaseDirectory = Path.Combine(root, "examples", "demo"),
            Tasks = [new TaskOptions { Namespace = "demo", TaskName = "notes", Manifest = "manifests/demo-api.json", ServerUrl = _upstream.BaseAddress.ToString() }],
        };
        var catalog = TaskCatalogBuilder.Build(options);
        _dispatcher = await LocalDispatcherApp.StartAsync(() => catalog, new LocalDispatcherOptions { ApiKeys = ["k1"], SyncWait = TimeSpan.FromMilliseconds(300) });
        _http.BaseAddress = _dispatcher.BaseAddress;
        _http.DefaultRequestHeaders.Add("x-api-key", "k1");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _dispatcher.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private static JsonObject Request(string path, string method, JsonObject? parameters = null, bool async = false) => new()
    {
        ["namespace"] = "demo", ["taskName"] = "notes", ["async"] = async, ["executionTimeout"] = 10000,
        ["input"] = new JsonObject { ["path"] = path, ["method"] = method, ["params"] = parameters },
    };

    [Fact]
    public async Task Sync_execution_answers_with_truebits_status_shape()
    {
        var response = await _http.PostAsJsonAsync("/task/api/execute-by-name", Request("/weather/{city}", "GET", new JsonObject { ["city"] = "Kyiv" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Success", body["status"]!.GetValue<string>());
        Assert.Equal("succeed", body["clearTextSolution"]!["status"]!.GetValue<string>());
        Assert.Equal("Kyiv", body["clearTextSolution"]!["output"]!["city"]!.GetValue<string>());
        Assert.True(body["totalTransferredBytes"]!["request"]!.GetValue<long>() > 0);
        Assert.True(body["totalTransferredBytes"]!["response"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Async_execution_is_polled_to_completion_and_keeps_a_hashed_transcript()
    {
        var response = await _http.PostAsJsonAsync("/task/api/execute-by-name", Request("/slow?ms={ms}", "GET", new JsonObject { ["ms"] = 400 }, async: true));
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["executionId"]!.GetValue<string>();
        var first = JsonNode.Parse(await _http.GetStringAsync($"/task/api/execution-status/{id}"))!;
        Assert.Equal("Running", first["status"]!.GetValue<string>());
        Assert.Null(first["clearTextSolution"]);

        JsonNode status = first;
        for (var i = 0; i < 100 && status["status"]!.GetValue<string>() == "Running"; i++)
        {
            await Task.Delay(50);
            status = JsonNode.Parse(await _http.GetStringAsync($"/task/api/execution-status/{id}"))!;
        }
        Assert.Equal(400, status["clearTextSolution"]!["output"]!["waitedMs"]!.GetValue<int>());

        var transcript = JsonNode.Parse(await _http.GetStringAsync($"/task/{id}/transcript"))!;
        var events = transcript["events"]!.AsArray();
        Assert.Equal(["api_task_created", "api_outcome", "execution_completed"], events.Select(e => e!["event"]!.GetValue<string>()));
        Assert.Equal("/demo/notes", events[0]!["taskPath"]!.GetValue<string>());
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(events[0]!.ToJsonString() + events[1]!.ToJsonString())));
        Assert.Equal(expected, transcript["transcriptHash"]!.GetValue<string>());
        var byHash = JsonNode.Parse(await _http.GetStringAsync($"/task/hash/{expected}/transcript"))!;
        Assert.Equal(id, byHash["executionId"]!.GetValue<string>());
        var invoice = JsonNode.Parse(await _http.GetStringAsync($"/task/{id}/transcriptInvoice"))!;
        Assert.Equal(id, invoice["executionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_sync_call_slower_than_the_sync_wait_answers_with_only_the_execution_id()
    {
        var response = await _http.PostAsJsonAsync("/task/api/execute-by-name", Request("/slow?ms={ms}", "GET", new JsonObject { ["ms"] = 1500 }));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrEmpty(body["executionId"]!.GetValue<string>()));
        Assert.Null(body["clearTextSolution"]);
    }

    [Theory]
    [InlineData("/weather/{city}", "POST")]
    [InlineData("/admin", "GET")]
    public async Task An_input_not_in_the_manifest_is_a_400_with_the_reason(string path, string method)
    {
        var response = await _http.PostAsJsonAsync("/task/api/execute-by-name", Request(path, method, new JsonObject { ["city"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("manifest", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task A_missing_placeholder_value_is_a_400()
    {
        var response = await _http.PostAsJsonAsync("/task/api/execute-by-name", Request("/weather/{city}", "GET"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("{city}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_api_key_is_a_401_and_an_unknown_execution_a_404()
    {
        using var anonymous = new HttpClient { BaseAddress = _dispatcher.BaseAddress };
        anonymous.DefaultRequestHeaders.Add("x-api-key", "wrong");
        var denied = await anonymous.PostAsJsonAsync("/task/api/execute-by-name", Request("/notes", "GET"));
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Empty(_upstream.Requests);

        var missing = await _http.GetAsync("/task/api/execution-status/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Execution ID not found", JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_post_that_is_not_json_is_refused_so_web_pages_cannot_start_executions()
    {
        var content = new StringContent(Request("/notes", "GET").ToJsonString(), Encoding.UTF8, "text/plain");
        var response = await _http.PostAsync("/task/api/execute-by-name", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(_upstream.Requests);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TruebitMcp.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
