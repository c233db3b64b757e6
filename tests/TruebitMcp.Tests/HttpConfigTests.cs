using TruebitMcp.Core.Configuration;

namespace TruebitMcp.Tests;

public sealed class HttpConfigTests
{
    private static LoadedConfig Load(params string[] overrides) =>
        ConfigLoader.Load(HttpTestHost.DemoConfig, overrides, name => name == "MCP_TOKEN" ? "env-token-0123456789abcdef" : null);

    private static ConfigException Fails(params string[] overrides) => Assert.Throws<ConfigException>(() => Load(overrides));

    [Fact]
    public void Defaults_are_loopback_only_stateless_1MiB_10s()
    {
        var http = Load().Options.Http;
        Assert.Equal(["localhost", "127.0.0.1", "[::1]"], http.EffectiveAllowedHosts);
        Assert.False(http.Stateful);
        Assert.Equal(1024 * 1024, http.MaxRequestBodyBytes);
        Assert.Equal(10, http.ShutdownTimeoutSeconds);
        Assert.Empty(http.Tokens);
    }

    [Fact]
    public void Env_token_is_expanded_and_kept_secret()
    {
        var config = Load("--http:tokens:0:name=ci", "--http:tokens:0:token=${env:MCP_TOKEN}");
        Assert.Equal("env-token-0123456789abcdef", config.Options.Http.Tokens[0].Token);
        Assert.Contains("env-token-0123456789abcdef", config.Secrets);
    }

    [Fact]
    public void Literal_token_is_a_secret_too()
    {
        var config = Load("--http:tokens:0:name=ci", "--http:tokens:0:token=literal-token-0123456789");
        Assert.Contains("literal-token-0123456789", config.Secrets);
    }

    [Theory]
    [InlineData("http.tokens[0].token", "--http:tokens:0:name=ci", "--http:tokens:0:token=short")]
    [InlineData("http.tokens[0].name", "--http:tokens:0:token=long-enough-token-0123456789")]
    [InlineData("http.allowedHosts[0]", "--http:allowedHosts:0=http://x.example.com/")]
    [InlineData("http.allowedOrigins[0]", "--http:allowedOrigins:0=https://app.example.com/path")]
    [InlineData("http.maxRequestBodyBytes", "--http:maxRequestBodyBytes=10")]
    [InlineData("http.shutdownTimeoutSeconds", "--http:shutdownTimeoutSeconds=-1")]
    public void Bad_values_name_their_key_path(string path, params string[] overrides)
    {
        var ex = Fails(overrides);
        Assert.Contains(ex.Errors, e => e.ToString().Contains(path, StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_never_show_a_token()
    {
        var ex = Fails("--http:tokens:0:name=a", "--http:tokens:0:token=same-token-0123456789ab",
            "--http:tokens:1:name=b", "--http:tokens:1:token=same-token-0123456789ab");
        Assert.All(ex.Errors, e => Assert.DoesNotContain("same-token", e.ToString(), StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.ToString().Contains("http.tokens[1].token", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://localhost:*", "http://localhost:6274", true)]
    [InlineData("http://localhost:*", "https://localhost:6274", false)]
    [InlineData("https://app.example.com", "https://app.example.com", true)]
    [InlineData("https://app.example.com", "https://app.example.com:8443", false)]
    [InlineData("https://app.example.com", "https://evil.example.com", false)]
    [InlineData("http://[::1]:*", "http://[::1]:80", true)]
    [InlineData("http://localhost:*", "null", false)]
    public void Origin_patterns_match(string pattern, string origin, bool expected)
    {
        Assert.True(OriginPattern.TryParse(pattern, out var p));
        Assert.Equal(expected, p.Matches(origin));
    }
}
