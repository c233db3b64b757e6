using System.IO.Pipelines;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Examples.DemoUpstream;
using TruebitMcp.Hosting;

namespace TruebitMcp.Benchmarks;

/// <summary>
/// What the MCP server adds on top of the dispatcher: the same task run (local dispatcher → loopback demo API)
/// called directly over HTTP (baseline), and as an MCP tools/call through the in-memory client (validation,
/// input building, result mapping, JSON-RPC). Read the Ratio column: the overhead of the server layer.
/// </summary>
[MemoryDiagnoser]
public class ToolCallBenchmarks
{
    private DemoUpstreamServer _upstream = null!;
    private ServerRuntime _runtime = null!;
    private IHost _host = null!;
    private McpClient _client = null!;
    private HttpClient _http = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _upstream = await DemoUpstreamServer.StartAsync();
        var upstreamUrl = _upstream.BaseAddress.ToString().TrimEnd('/');
        var config = ConfigLoader.Load(Paths.DemoConfig, ["--logging:level=Warning", "--limits:maxExecutionsPerMinute=0", "--limits:maxConcurrentExecutions=0"],
            name => name == "DEMO_UPSTREAM_URL" ? upstreamUrl : null);
        _runtime = await ServerRuntime.StartAsync(config, new RuntimeOverrides { WatchFiles = false });

        var c2s = new Pipe();
        var s2c = new Pipe();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        _runtime.AddServices(builder.Services).WithStreamServerTransport(c2s.Reader.AsStream(), s2c.Writer.AsStream());
        _host = builder.Build();
        await _host.StartAsync();
        _client = await McpClient.CreateAsync(new StreamClientTransport(c2s.Writer.AsStream(), s2c.Reader.AsStream()));
        _http = new HttpClient { BaseAddress = _runtime.Endpoint.BaseAddress };
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _client.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
        _http.Dispose();
        await _runtime.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "dispatcher HTTP call (no MCP)")]
    public async Task<JsonNode?> DirectDispatcherCall()
    {
        var response = await _http.PostAsJsonAsync("task/api/execute-by-name", new JsonObject
        {
            ["namespace"] = "demo", ["taskName"] = "notes", ["async"] = false, ["executionTimeout"] = 10000,
            ["input"] = new JsonObject { ["path"] = "/weather/{city}", ["method"] = "GET", ["params"] = new JsonObject { ["city"] = "Lisbon" } },
        });
        return JsonNode.Parse(await response.Content.ReadAsStringAsync());
    }

    [Benchmark(Description = "MCP tools/call notes_get_weather")]
    public async Task<object?> McpToolCall() =>
        (await _client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Lisbon" })).StructuredContent;
}
