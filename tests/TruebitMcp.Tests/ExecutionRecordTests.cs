using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Xunit;
using static TruebitMcp.Tests.GenericToolTests;

namespace TruebitMcp.Tests;

/// <summary>Transcripts, invoices and execution resources; async per-operation calls.</summary>
public sealed class ExecutionRecordTests
{
    [Fact]
    public async Task The_transcript_tool_summarises_the_verification_record_and_invoice()
    {
        await using var h = await McpServerHarness.StartAsync();
        var run = await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Accra" });
        var id = run.StructuredContent!.Value.GetProperty("executionId").GetString();

        var result = await h.Client.CallToolAsync("truebit_get_transcript", new Dictionary<string, object?> { ["executionId"] = id });
        Assert.NotEqual(true, result.IsError);
        var s = result.StructuredContent!.Value;
        Assert.Equal(64, s.GetProperty("transcriptHash").GetString()!.Length);
        Assert.Equal("/demo/notes", s.GetProperty("taskPath").GetString());
        Assert.Equal(200, s.GetProperty("upstreamStatus").GetInt32());
        Assert.Equal(["api_task_created", "api_outcome", "execution_completed"], s.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.False(s.GetProperty("signed").GetBoolean());
        Assert.Equal(id, s.GetProperty("invoice").GetProperty("executionId").GetString());
        Assert.Equal("Accra", s.GetProperty("transcript").GetProperty("events")[1].GetProperty("body").GetProperty("city").GetString());
        var text = Text(result);
        Assert.Contains("signatures: none (unsigned)", text);
        Assert.Contains("task: /demo/notes", text);
    }

    [Fact]
    public async Task Execution_resources_hold_the_whole_output_and_the_transcript()
    {
        await using var h = await McpServerHarness.StartAsync(overrides: ["--execution:maxOutputBytes=2048", "--execution:pollInitialDelayMs=50"]);
        var run = await h.Client.CallToolAsync("notes_big", new Dictionary<string, object?> { ["kb"] = 20 });
        Assert.True(run.StructuredContent!.Value.GetProperty("truncated").GetBoolean());
        var id = run.StructuredContent!.Value.GetProperty("executionId").GetString();
        Assert.Contains($"truebit://executions/{id}", run.StructuredContent!.Value.GetProperty("outputNote").GetString());

        var full = await h.Client.ReadResourceAsync($"truebit://executions/{id}");
        var status = JsonNode.Parse(Assert.IsType<TextResourceContents>(Assert.Single(full.Contents)).Text)!;
        Assert.Equal(200, status["clearTextSolution"]!["output"]!["items"]!.AsArray().Count);

        var transcript = await h.Client.ReadResourceAsync($"truebit://executions/{id}/transcript");
        Assert.Contains("transcriptHash", Assert.IsType<TextResourceContents>(Assert.Single(transcript.Contents)).Text);

        var templates = (await h.Client.ListResourceTemplatesAsync()).Select(t => t.UriTemplate).ToList();
        Assert.Contains("truebit://executions/{executionId}", templates);
        Assert.Contains("truebit://executions/{executionId}/transcript", templates);

        await Assert.ThrowsAsync<McpProtocolException>(async () => await h.Client.ReadResourceAsync("truebit://executions/no-such-id"));
    }

    [Fact]
    public async Task A_transcript_larger_than_the_output_budget_points_to_its_resource()
    {
        await using var h = await McpServerHarness.StartAsync(overrides: ["--execution:maxOutputBytes=4096", "--execution:pollInitialDelayMs=50"]);
        var run = await h.Client.CallToolAsync("notes_big", new Dictionary<string, object?> { ["kb"] = 20 });
        var id = run.StructuredContent!.Value.GetProperty("executionId").GetString();
        var result = await h.Client.CallToolAsync("truebit_get_transcript", new Dictionary<string, object?> { ["executionId"] = id });
        var s = result.StructuredContent!.Value;
        Assert.False(s.TryGetProperty("transcript", out _));
        Assert.True(s.GetProperty("truncated").GetBoolean());
        Assert.Contains($"truebit://executions/{id}/transcript", s.GetProperty("transcriptNote").GetString());
        Assert.Equal(64, s.GetProperty("transcriptHash").GetString()!.Length);
        Assert.True(System.Text.Json.JsonSerializer.Serialize(result, ModelContextProtocol.McpJsonUtilities.DefaultOptions).Length < 10_000);
    }

    [Fact]
    public async Task A_task_configured_as_async_returns_handles_unless_the_call_says_otherwise()
    {
        await using var h = await McpServerHarness.StartAsync(overrides: ["--tasks:0:async=true", "--execution:pollInitialDelayMs=50"]);
        var started = await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Doha" });
        Assert.Equal("Running", started.StructuredContent!.Value.GetProperty("status").GetString());
        var waited = await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Doha", ["async"] = false });
        Assert.Equal("Success", waited.StructuredContent!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_per_operation_tool_runs_async_when_asked()
    {
        await using var h = await McpServerHarness.StartAsync();
        var started = await h.Client.CallToolAsync("notes_slow", new Dictionary<string, object?> { ["ms"] = 300, ["async"] = true });
        Assert.Equal("Running", started.StructuredContent!.Value.GetProperty("status").GetString());
        var id = started.StructuredContent!.Value.GetProperty("executionId").GetString();

        var done = await h.Client.CallToolAsync("truebit_get_execution", new Dictionary<string, object?> { ["executionId"] = id, ["waitSeconds"] = 10 });
        Assert.Equal(300, done.StructuredContent!.Value.GetProperty("output").GetProperty("waitedMs").GetInt32());
    }
}
