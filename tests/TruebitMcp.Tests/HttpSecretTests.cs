using System.Text.Json;

namespace TruebitMcp.Tests;

/// <summary>The HTTP client's own bearer token authenticates it to this server and goes nowhere else.</summary>
public sealed class HttpSecretTests
{
    [Fact]
    public async Task The_clients_authorization_is_never_forwarded_or_shown()
    {
        await using var host = await HttpTestHost.StartAsync(HttpTestHost.WithToken);
        await using var client = await host.ConnectAsync(HttpTestHost.Token);

        var result = await client.CallToolAsync("notes_echo_headers", new Dictionary<string, object?>());
        Assert.NotEqual(true, result.IsError);
        var received = Assert.Single(host.Upstream.Requests)["headers"]!.AsObject();
        Assert.Null(received["authorization"]);
        Assert.DoesNotContain(HttpTestHost.Token, received.ToJsonString());

        var id = result.StructuredContent!.Value.GetProperty("executionId").GetString();
        var transcript = await client.CallToolAsync("truebit_get_transcript", new Dictionary<string, object?> { ["executionId"] = id });
        foreach (var r in new[] { result, transcript })
            Assert.DoesNotContain(HttpTestHost.Token, JsonSerializer.Serialize(r, ModelContextProtocol.McpJsonUtilities.DefaultOptions));
    }
}
