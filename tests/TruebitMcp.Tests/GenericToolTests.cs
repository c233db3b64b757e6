using ModelContextProtocol.Protocol;
using Xunit;

namespace TruebitMcp.Tests;

/// <summary>truebit_execute_task and truebit_get_execution through an MCP client, against the local dispatcher and the demo API.</summary>
public sealed class GenericToolTests
{
    [Theory]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task Lists_the_generic_tools_and_one_tool_per_operation(string protocolVersion)
    {
        await using var h = await McpServerHarness.StartAsync(protocolVersion: protocolVersion);
        var tools = await h.Client.ListToolsAsync();
        var names = tools.Select(t => t.Name).ToList();

        Assert.Contains("truebit_execute_task", names);
        Assert.Contains("truebit_get_execution", names);
        Assert.Contains("truebit_list_tasks", names);
        Assert.Contains("notes_get_weather", names);
        Assert.Contains("petstore_get_order_by_id", names);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
        Assert.Equal(protocolVersion, h.Client.NegotiatedProtocolVersion);
    }

    [Fact]
    public async Task Sync_execution_returns_the_api_output_as_structured_content()
    {
        await using var h = await McpServerHarness.StartAsync();
        var result = await h.Client.CallToolAsync("truebit_execute_task", new Dictionary<string, object?>
        {
            ["namespace"] = "demo",
            ["taskName"] = "notes",
            ["input"] = new Dictionary<string, object?> { ["path"] = "/weather/{city}", ["method"] = "GET", ["params"] = new Dictionary<string, object?> { ["city"] = "Porto" } },
        });

        Assert.NotEqual(true, result.IsError);
        var s = result.StructuredContent!.Value;
        Assert.Equal("Success", s.GetProperty("status").GetString());
        Assert.Equal("Porto", s.GetProperty("output").GetProperty("city").GetString());
        Assert.True(s.GetProperty("transferredBytes").GetProperty("response").GetInt64() > 0);
        Assert.Contains("Porto", Text(result));
        Assert.Contains(h.Upstream.Requests, r => r["rawPath"]!.GetValue<string>() == "/weather/Porto" && r["method"]!.GetValue<string>() == "GET");
        Assert.Equal(1, h.ExecuteRequests);
    }

    [Fact]
    public async Task Async_execution_returns_a_handle_that_get_execution_resolves()
    {
        await using var h = await McpServerHarness.StartAsync();
        var started = await h.Client.CallToolAsync("truebit_execute_task", new Dictionary<string, object?>
        {
            ["namespace"] = "demo", ["taskName"] = "notes", ["async"] = true,
            ["input"] = new Dictionary<string, object?> { ["path"] = "/weather/{city}", ["method"] = "GET", ["params"] = new Dictionary<string, object?> { ["city"] = "Oslo" } },
        });
        Assert.NotEqual(true, started.IsError);
        var id = started.StructuredContent!.Value.GetProperty("executionId").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Contains("truebit_get_execution", Text(started));

        var done = await h.Client.CallToolAsync("truebit_get_execution", new Dictionary<string, object?> { ["executionId"] = id, ["waitSeconds"] = 20 });
        Assert.NotEqual(true, done.IsError);
        Assert.Equal("Success", done.StructuredContent!.Value.GetProperty("status").GetString());
        Assert.Equal("Oslo", done.StructuredContent!.Value.GetProperty("output").GetProperty("city").GetString());
    }

    [Fact]
    public async Task An_operation_missing_from_the_manifest_is_refused_and_nothing_is_sent()
    {
        await using var h = await McpServerHarness.StartAsync();
        var result = await h.Client.CallToolAsync("truebit_execute_task", new Dictionary<string, object?>
        {
            ["namespace"] = "demo", ["taskName"] = "notes",
            ["input"] = new Dictionary<string, object?> { ["path"] = "/admin/{x}", ["method"] = "DELETE", ["params"] = new Dictionary<string, object?> { ["x"] = 1 } },
        });
        Assert.True(result.IsError);
        Assert.Contains("has no operation DELETE /admin/{x}", Text(result));
        Assert.Contains("available: GET /weather/{city}", Text(result));
        Assert.Empty(h.Upstream.Requests);
        Assert.Equal(0, h.ExecuteRequests);
    }

    [Fact]
    public async Task The_local_dispatcher_answers_for_a_task_it_does_not_know()
    {
        // A task outside this server's config skips the server-side check, so the dispatcher's own answer shows.
        await using var h = await McpServerHarness.StartAsync();
        var result = await h.Client.CallToolAsync("truebit_execute_task", new Dictionary<string, object?>
        {
            ["namespace"] = "demo", ["taskName"] = "unknown-task",
            ["input"] = new Dictionary<string, object?> { ["path"] = "/notes", ["method"] = "GET" },
        });
        Assert.True(result.IsError);
        Assert.Contains("404", Text(result));
        Assert.Contains("not deployed", Text(result));
        Assert.Empty(h.Upstream.Requests);
    }

    [Fact]
    public async Task Invalid_generic_arguments_are_listed_with_pointers()
    {
        await using var h = await McpServerHarness.StartAsync();
        var result = await h.Client.CallToolAsync("truebit_execute_task", new Dictionary<string, object?>
        {
            ["namespace"] = "demo", ["taskName"] = 7,
            ["input"] = new Dictionary<string, object?> { ["path"] = "/notes", ["method"] = "FETCH" },
        });
        Assert.True(result.IsError);
        var text = Text(result);
        Assert.Contains("/taskName", text);
        Assert.Contains("/input/method", text);
        Assert.Empty(h.Upstream.Requests);
        Assert.Equal(0, h.ExecuteRequests);
    }

    [Fact]
    public async Task An_upstream_error_status_ends_the_execution_in_error()
    {
        await using var h = await McpServerHarness.StartAsync();
        var result = await h.Client.CallToolAsync("notes_status", new Dictionary<string, object?> { ["code"] = 503 });
        Assert.True(result.IsError);
        Assert.Equal("Error", result.StructuredContent!.Value.GetProperty("status").GetString());
        Assert.Contains("HTTP 503", Text(result));
    }

    [Fact]
    public async Task Unknown_execution_id_is_reported_clearly()
    {
        await using var h = await McpServerHarness.StartAsync();
        var result = await h.Client.CallToolAsync("truebit_get_execution", new Dictionary<string, object?> { ["executionId"] = "does-not-exist" });
        Assert.True(result.IsError);
        Assert.Contains("404", Text(result));
        Assert.Contains("does-not-exist", Text(result));
    }

    internal static string Text(CallToolResult r) => string.Join("\n", r.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
