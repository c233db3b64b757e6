using ModelContextProtocol.Protocol;

namespace TruebitMcp.Tests;

/// <summary>On HTTP with tokens, execution limits count per token: one client's spending does not block another's.</summary>
public sealed class HttpLimitsTests
{
    private const string OtherToken = "other-token-fedcba9876543210";

    [Fact]
    public async Task Limits_are_counted_per_authenticated_client()
    {
        await using var host = await HttpTestHost.StartAsync(
        [
            .. HttpTestHost.WithToken, "--http:tokens:1:name=other", $"--http:tokens:1:token={OtherToken}",
            "--limits:maxExecutionsPerMinute=1",
        ]);
        await using var first = await host.ConnectAsync(HttpTestHost.Token);
        await using var second = await host.ConnectAsync(OtherToken);

        Assert.NotEqual(true, (await Weather(first, "Lagos")).IsError);
        var refused = await Weather(first, "Lagos");
        Assert.True(refused.IsError);
        Assert.Contains("limits.maxExecutionsPerMinute (1)", GenericToolTests.Text(refused));

        var other = await Weather(second, "Cairo");
        Assert.NotEqual(true, other.IsError);
        Assert.Equal(2, host.Upstream.Requests.Count);
        // Logs name the client by its token name, never by the token.
        Assert.Contains(host.Logs.Lines, l => l.Contains("Executing \"demo/notes\"", StringComparison.Ordinal) && l.Contains("for \"other\"", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(OtherToken, StringComparison.Ordinal));
    }

    private static async Task<CallToolResult> Weather(ModelContextProtocol.Client.McpClient client, string city) =>
        await client.CallToolAsync("notes_get_weather", new Dictionary<string, object?> { ["city"] = city });
}
