using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;
using TruebitMcp.LocalDispatcher;
using Xunit;

namespace TruebitMcp.Tests;

/// <summary>
/// Distinctive secret values (API key, two header secrets) must reach their destinations and nowhere else:
/// not in any tool result, resource, or log line at Verbose — even when the upstream echoes them back.
/// </summary>
public sealed class SecretCanaryTests
{
    // JSON escapes + < > & ' " and \ unless told otherwise: canaries carry them so escaped forms are caught too.
    private const string ApiKey = "CANARY-apikey+7f3a91/Q==";
    private const string GlobalSecret = "CANARY-global<b44e02>&'x";
    private const string TaskSecret = "CANARY-task\"c9d1e7\\+";
    private const string CanaryWord = "CANARY";

    private static Dictionary<string, string?> Env => new()
    {
        ["TRUEBIT_API_KEY"] = ApiKey, ["GLOBAL_SECRET"] = GlobalSecret, ["DEMO_TOKEN"] = TaskSecret,
    };

    private static readonly string[] Overrides =
    [
        "--logging:level=Verbose", "--execution:pollInitialDelayMs=50",
        "--dispatcher:apiKey=${env:TRUEBIT_API_KEY}", "--headers:X-Global-Secret=${env:GLOBAL_SECRET}",
    ];

    [Fact]
    public async Task No_canary_leaves_the_server_and_the_upstream_gets_the_configured_headers()
    {
        await using var h = await McpServerHarness.StartAsync(env: Env, overrides: Overrides);
        var results = new List<CallToolResult>
        {
            await h.Client.CallToolAsync("notes_echo_headers", new Dictionary<string, object?> { ["X-Trace-Id"] = "t-1" }),
            await h.Client.CallToolAsync("notes_get_note", new Dictionary<string, object?> { ["id"] = "bad" }),
            await h.Client.CallToolAsync("notes_status", new Dictionary<string, object?> { ["code"] = 500 }),
            await h.Client.CallToolAsync("truebit_execute_task", new Dictionary<string, object?>
            {
                ["namespace"] = "demo", ["taskName"] = "notes",
                ["input"] = new Dictionary<string, object?> { ["path"] = "/echo", ["method"] = "GET", ["headers"] = new Dictionary<string, object?> { ["X-Demo-Token"] = "agent-value" } },
            }),
            await h.Client.CallToolAsync("truebit_list_tasks", new Dictionary<string, object?>()),
            await h.Client.CallToolAsync("truebit_describe_task", new Dictionary<string, object?> { ["namespace"] = "demo", ["taskName"] = "notes" }),
        };
        var echo = results[0];
        Assert.NotEqual(true, echo.IsError);
        var id = echo.StructuredContent!.Value.GetProperty("executionId").GetString();
        results.Add(await h.Client.CallToolAsync("truebit_get_execution", new Dictionary<string, object?> { ["executionId"] = id }));
        // Truebit records input.headers in the transcript; what we show of it is scrubbed.
        var transcript = await h.Client.CallToolAsync("truebit_get_transcript", new Dictionary<string, object?> { ["executionId"] = id });
        Assert.Contains("[REDACTED]", transcript.StructuredContent!.Value.GetProperty("transcript").GetRawText());
        results.Add(transcript);

        // The upstream received the configured headers…
        var received = h.Upstream.Requests.First()["headers"]!;
        Assert.Equal(TaskSecret, received["x-demo-token"]!.GetValue<string>());
        Assert.Equal(GlobalSecret, received["x-global-secret"]!.GetValue<string>());
        Assert.Null(received["x-api-key"]);
        // …and the echoed secrets came back masked.
        Assert.Equal("[REDACTED]", echo.StructuredContent!.Value.GetProperty("output").GetProperty("headers").GetProperty("x-demo-token").GetString());
        // An agent cannot override a configured header, and is told why.
        Assert.True(results[3].IsError);
        Assert.Contains("X-Demo-Token", GenericToolTests.Text(results[3]));

        var resources = new[]
        {
            await h.Client.ReadResourceAsync("truebit://tasks/demo/notes/manifest"),
            await h.Client.ReadResourceAsync($"truebit://executions/{id}"),
            await h.Client.ReadResourceAsync($"truebit://executions/{id}/transcript"),
        };
        var everything = results.Select(r => JsonSerializer.Serialize(r, ModelContextProtocol.McpJsonUtilities.DefaultOptions))
            .Concat(resources.Select(r => JsonSerializer.Serialize(r, ModelContextProtocol.McpJsonUtilities.DefaultOptions)))
            .Concat(h.Logs.Lines).ToList();
        Assert.NotEmpty(h.Logs.Lines);
        // Every canary starts with this word: no fragment of one may appear, whatever the escaping or cutting.
        foreach (var s in everything)
        {
            var at = s.IndexOf(CanaryWord, StringComparison.Ordinal);
            Assert.True(at < 0, $"a canary fragment leaked: …{s.Substring(Math.Max(0, at - 120), Math.Min(s.Length - Math.Max(0, at - 120), 240))}…");
        }
    }

    [Fact]
    public async Task A_task_that_is_not_configured_never_gets_configured_headers()
    {
        // A dispatcher that records what it is sent and reports success.
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var builder = TruebitMcp.LocalDispatcher.QuietWebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var fake = builder.Build();
        fake.Run(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            bodies.Enqueue(await reader.ReadToEndAsync());
            await ctx.Response.WriteAsJsonAsync(new { executionId = "e1", status = "Success", clearTextSolution = new { output = new { ok = true }, status = "succeed" } });
        });
        await fake.StartAsync();

        await using var h = await McpServerHarness.StartAsync(env: Env, overrides: [.. Overrides, $"--dispatcher:url={fake.Urls.First()}"]);
        var call = new Dictionary<string, object?>
        {
            ["namespace"] = "attacker", ["taskName"] = "exfil",
            ["input"] = new Dictionary<string, object?> { ["path"] = "/anything", ["method"] = "GET" },
        };
        var result = await h.Client.CallToolAsync("truebit_execute_task", call);
        Assert.NotEqual(true, result.IsError);
        var sent = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(bodies))!;
        Assert.Equal("exfil", sent["taskName"]!.GetValue<string>());
        Assert.Null(sent["input"]!["headers"]);
        Assert.DoesNotContain(CanaryWord, bodies.Single());

        // A configured task of the same server does get them.
        await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Lima" });
        Assert.Contains("X-Global-Secret", bodies.Last());

        await using var strict = await McpServerHarness.StartAsync(env: Env, overrides: [.. Overrides, "--execution:allowUnconfiguredTasks=false"]);
        var refused = await strict.Client.CallToolAsync("truebit_execute_task", call);
        Assert.True(refused.IsError);
        Assert.Contains("is not configured on this server", GenericToolTests.Text(refused));
        Assert.Contains("configured: demo/notes", GenericToolTests.Text(refused));
    }

    [Fact]
    public async Task A_rejected_api_key_is_explained_without_showing_it()
    {
        // The dispatcher accepts another key, so it answers 401 (and echoes nothing secret; the message must still be clean).
        await using var h = await McpServerHarness.StartAsync(env: Env, overrides: Overrides,
            localDispatcher: new LocalDispatcherOptions { ApiKeys = ["some-other-key"] });
        var result = await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Rome" });
        Assert.True(result.IsError);
        var text = GenericToolTests.Text(result);
        Assert.Contains("the Truebit API key was rejected — check TRUEBIT_API_KEY", text);
        Assert.DoesNotContain(CanaryWord, text);
        Assert.Empty(h.Upstream.Requests);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains(CanaryWord, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(500)]
    public async Task A_dispatcher_error_that_echoes_the_request_shows_no_secret(int status)
    {
        // A dispatcher that answers every call with an error echoing the request headers and body back.
        var builder = TruebitMcp.LocalDispatcher.QuietWebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var fake = builder.Build();
        fake.Run(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            ctx.Response.StatusCode = status;
            // The key lands where the client cuts long reasons (300 characters), and the whole request follows.
            var key = ctx.Request.Headers["x-api-key"].ToString();
            await ctx.Response.WriteAsJsonAsync(new { message = new string('x', 290) + key + $" headers={string.Join(";", ctx.Request.Headers.Select(x => x.Key + "=" + x.Value))} body={body}" });
        });
        await fake.StartAsync();
        var url = fake.Urls.First();

        await using var h = await McpServerHarness.StartAsync(env: Env, overrides: [.. Overrides, $"--dispatcher:url={url}"]);
        var result = await h.Client.CallToolAsync("notes_echo_headers", new Dictionary<string, object?>());
        Assert.True(result.IsError);
        var serialized = JsonSerializer.Serialize(result, ModelContextProtocol.McpJsonUtilities.DefaultOptions);
        Assert.Contains(status == 401 ? "API key was rejected" : "(500)", serialized);
        Assert.Contains("[REDACTED]", serialized);
        Assert.DoesNotContain(CanaryWord, serialized);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains(CanaryWord, StringComparison.Ordinal));
    }
}
