using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit;
using static TruebitMcp.Tests.GenericToolTests;

namespace TruebitMcp.Tests;

/// <summary>Per-operation tools end to end: arguments → Truebit input → local dispatcher → demo API.</summary>
public sealed class OperationToolTests
{
    [Fact]
    public async Task A_tool_call_reaches_the_api_with_the_expected_truebit_input()
    {
        await using var h = await McpServerHarness.StartAsync();
        var result = await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "São Paulo", ["units"] = "imperial" });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("São Paulo", result.StructuredContent!.Value.GetProperty("output").GetProperty("city").GetString());
        var request = Assert.Single(h.Upstream.Requests);
        Assert.Equal("/weather/S%C3%A3o%20Paulo?units=imperial", request["rawPath"]!.GetValue<string>());

        // The transcript records the Truebit input exactly as the input builder wrote it.
        var id = result.StructuredContent!.Value.GetProperty("executionId").GetString()!;
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-api-key", h.Runtime.Endpoint.ApiKey);
        var endpoint = h.Runtime.Endpoint.BaseAddress;
        var transcript = JsonNode.Parse(await http.GetStringAsync(new Uri(endpoint, $"task/{id}/transcript")))!;
        var input = transcript["events"]![0]!["input"]!;
        Assert.Equal("/weather/{city}?units={units}", input["path"]!.GetValue<string>());
        Assert.Equal("GET", input["method"]!.GetValue<string>());
        Assert.Equal("São Paulo", input["params"]!["city"]!.GetValue<string>());
        Assert.Equal("imperial", input["params"]!["units"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_operation_sends_the_flattened_arguments_as_the_json_body()
    {
        await using var h = await McpServerHarness.StartAsync();
        var result = await h.Client.CallToolAsync("notes_create_note", new Dictionary<string, object?> { ["title"] = "hello", ["tags"] = new[] { "a" } });
        Assert.NotEqual(true, result.IsError);
        var output = result.StructuredContent!.Value.GetProperty("output");
        Assert.Equal("hello", output.GetProperty("title").GetString());
        Assert.Equal(1, output.GetProperty("id").GetInt32());

        var got = await h.Client.CallToolAsync("notes_get_note", new Dictionary<string, object?> { ["id"] = 1 });
        Assert.Equal("hello", got.StructuredContent!.Value.GetProperty("output").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Invalid_arguments_are_refused_with_pointers_and_nothing_is_sent()
    {
        await using var h = await McpServerHarness.StartAsync();
        var result = await h.Client.CallToolAsync("notes_create_note", new Dictionary<string, object?>
        {
            ["title"] = "", ["tags"] = "not-an-array", ["colour"] = "red",
        });
        Assert.True(result.IsError);
        var text = Text(result);
        Assert.Contains("/title", text);
        Assert.Contains("/tags", text);
        Assert.Contains("colour", text);
        Assert.Contains("nothing was sent to Truebit", text);
        Assert.Empty(h.Upstream.Requests);
        Assert.Equal(0, h.ExecuteRequests);

        var missing = await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?>());
        Assert.True(missing.IsError);
        Assert.Contains("city", Text(missing));
        Assert.Empty(h.Upstream.Requests);
        Assert.Equal(0, h.ExecuteRequests);
    }

    [Fact]
    public async Task Hostile_path_values_stay_inside_the_task_server()
    {
        await using var h = await McpServerHarness.StartAsync();
        foreach (var hostile in new[] { "../notes", "..%2Fnotes", "a?admin=1", "x#frag", "@evil.example", "http://evil.example/x" })
        {
            var result = await h.Client.CallToolAsync("notes_get_file", new Dictionary<string, object?> { ["name"] = hostile });
            Assert.NotEqual(true, result.IsError);
            // The value arrives percent-encoded as one path segment.
            Assert.Equal("/files/" + Uri.EscapeDataString(hostile), h.Upstream.Requests.Last()["rawPath"]!.GetValue<string>());
        }
        Assert.All(h.Upstream.Requests, r =>
        {
            Assert.StartsWith("/files/", r["rawPath"]!.GetValue<string>());
            Assert.DoesNotContain("/", r["rawPath"]!.GetValue<string>()["/files/".Length..]);
            Assert.Equal(h.Upstream.BaseAddress.Authority, r["host"]!.GetValue<string>());
        });
        Assert.Equal(6, h.Upstream.Requests.Count);

        var dots = await h.Client.CallToolAsync("notes_get_file", new Dictionary<string, object?> { ["name"] = ".." });
        Assert.True(dots.IsError);
        Assert.Contains("may not be '..'", Text(dots));
        Assert.Equal(6, h.Upstream.Requests.Count);
    }

    [Fact]
    public async Task An_answer_that_breaks_the_declared_output_schema_stays_out_of_structured_content()
    {
        await using var h = await McpServerHarness.StartAsync();
        var result = await h.Client.CallToolAsync("notes_mismatch", new Dictionary<string, object?>());
        Assert.NotEqual(true, result.IsError);
        var s = result.StructuredContent!.Value;
        Assert.False(s.TryGetProperty("output", out _));
        Assert.Contains("does not match the response schema", s.GetProperty("outputNote").GetString());
        Assert.Contains("not a number", Text(result));

        // A conforming answer is in structuredContent as usual.
        var weather = await h.Client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = "Oslo" });
        Assert.True(weather.StructuredContent!.Value.TryGetProperty("output", out _));
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        await using var h = await McpServerHarness.StartAsync();
        var result = await h.Client.CallToolAsync("notes_redirect", new Dictionary<string, object?>());
        Assert.True(result.IsError);
        Assert.Contains("HTTP 302", Text(result));
        Assert.Single(h.Upstream.Requests);
    }

    [Fact]
    public async Task Non_json_bodies_are_returned_as_text_or_base64_not_mangled()
    {
        await using var h = await McpServerHarness.StartAsync();
        var text = await h.Client.CallToolAsync("notes_text", new Dictionary<string, object?>());
        Assert.Equal("plain words, not JSON", text.StructuredContent!.Value.GetProperty("output").GetString());

        var binary = await h.Client.CallToolAsync("notes_binary", new Dictionary<string, object?>());
        var output = binary.StructuredContent!.Value.GetProperty("output");
        Assert.Equal("image/png", output.GetProperty("contentType").GetString());
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x10 }, Convert.FromBase64String(output.GetProperty("base64").GetString()!));
        var embedded = Assert.Single(binary.Content.OfType<EmbeddedResourceBlock>());
        var blob = Assert.IsType<BlobResourceContents>(embedded.Resource);
        Assert.Equal("image/png", blob.MimeType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x10 }, blob.DecodedData.ToArray());
    }

    [Fact]
    public async Task Large_outputs_are_truncated_with_a_marker()
    {
        await using var h = await McpServerHarness.StartAsync(overrides: ["--execution:maxOutputBytes=4096", "--execution:pollInitialDelayMs=50"]);
        var result = await h.Client.CallToolAsync("notes_big", new Dictionary<string, object?> { ["kb"] = 50 });
        Assert.NotEqual(true, result.IsError);
        var s = result.StructuredContent!.Value;
        Assert.True(s.GetProperty("truncated").GetBoolean());
        Assert.False(s.TryGetProperty("output", out _));
        Assert.Contains("truncated", s.GetProperty("outputNote").GetString());
        Assert.Contains("[Output truncated:", Text(result));
        Assert.True(Text(result).Length < 6000);
    }

    [Fact]
    public async Task The_task_manifest_is_a_resource()
    {
        await using var h = await McpServerHarness.StartAsync();
        var listed = await h.Client.ListResourcesAsync();
        Assert.Contains(listed, r => r.Uri == "truebit://tasks/demo/notes/manifest");
        var templates = await h.Client.ListResourceTemplatesAsync();
        Assert.Contains(templates, t => t.UriTemplate == "truebit://tasks/{namespace}/{taskName}/manifest");

        var read = await h.Client.ReadResourceAsync("truebit://tasks/demo/notes/manifest");
        var text = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text;
        Assert.Equal("TruebitMcp demo API", JsonNode.Parse(text)!["info"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Discovery_tools_describe_the_configured_tasks()
    {
        await using var h = await McpServerHarness.StartAsync();
        var list = await h.Client.CallToolAsync("truebit_list_tasks", new Dictionary<string, object?>());
        Assert.Contains("GET /weather/{city} → notes_get_weather", Text(list));
        Assert.Contains("namespace1/api3", Text(list));

        var described = await h.Client.CallToolAsync("truebit_describe_task", new Dictionary<string, object?> { ["namespace"] = "namespace1", ["taskName"] = "api3" });
        var ops = described.StructuredContent!.Value.GetProperty("operations");
        Assert.Equal(3, ops.GetArrayLength());
        Assert.Contains(ops.EnumerateArray(), o => o.GetProperty("tool").GetString() == "petstore_get_order_by_id");
    }
}
