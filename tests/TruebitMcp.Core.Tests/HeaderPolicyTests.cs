using TruebitMcp.Core.Security;

namespace TruebitMcp.Core.Tests;

public class HeaderPolicyTests
{
    private static readonly Dictionary<string, string> Global = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Authorization"] = "Bearer global",
        ["X-Global"] = "g",
    };

    private static HeaderPolicy Policy(params string[] allowed) => new(Global, allowed);

    private static Dictionary<string, string> H(params (string, string)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void Task_headers_win_over_global_headers()
    {
        var r = Policy().Merge(H(("authorization", "Bearer task"), ("X-Task", "t")), null);
        Assert.True(r.IsValid);
        Assert.Equal("Bearer task", r.Headers["Authorization"]);
        Assert.Equal("g", r.Headers["X-Global"]);
        Assert.Equal("t", r.Headers["X-Task"]);
        Assert.Equal(3, r.Headers.Count);
    }

    [Fact]
    public void Allow_listed_agent_header_is_added()
    {
        var r = Policy("X-Request-Id").Merge(null, H(("x-request-id", "abc")));
        Assert.True(r.IsValid);
        Assert.Equal("abc", r.Headers["X-Request-Id"]);
    }

    [Theory]
    [InlineData("X-Other", "v", "allow-list")]
    [InlineData("x-api-key", "v", "reserved")]
    [InlineData("X-API-KEY", "v", "reserved")]
    [InlineData("Host", "evil.example", "reserved")]
    [InlineData("Content-Length", "0", "reserved")]
    [InlineData("Transfer-Encoding", "chunked", "reserved")]
    [InlineData("Connection", "close", "reserved")]
    [InlineData("Bad Name", "v", "not a valid HTTP header name")]
    [InlineData("X-Bad:Name", "v", "not a valid HTTP header name")]
    [InlineData("X-Ünicode", "v", "not a valid HTTP header name")]
    [InlineData("", "v", "not a valid HTTP header name")]
    [InlineData("X-Request-Id", "a\r\nInjected: yes", "CR, LF or NUL")]
    [InlineData("X-Request-Id", "a\nb", "CR, LF or NUL")]
    [InlineData("X-Request-Id", "a\0b", "CR, LF or NUL")]
    [InlineData("Authorization", "Bearer agent", "cannot be overridden")]
    [InlineData("X-Global", "agent", "cannot be overridden")]
    public void Agent_header_is_refused(string name, string value, string reason)
    {
        // Everything an agent might try is on the allow-list, so the refusal comes from the rule under test.
        var policy = Policy("X-Request-Id", "Authorization", "X-Global", "x-api-key", "Host", "Content-Length",
            "Transfer-Encoding", "Connection", "Bad Name", "X-Bad:Name", "X-Ünicode", "");
        var r = policy.Merge(null, H((name, value)));
        Assert.False(r.IsValid);
        var error = Assert.Single(r.Errors);
        Assert.Contains(reason, error);
        Assert.DoesNotContain('\r', error);
        Assert.DoesNotContain('\n', error);
        if (name.Length > 0) Assert.Equal(Global.GetValueOrDefault(name), r.Headers.GetValueOrDefault(name));
    }

    [Fact]
    public void Agent_cannot_override_a_task_header_either()
    {
        var r = Policy("X-Task").Merge(H(("X-Task", "configured")), H(("X-Task", "agent")));
        Assert.False(r.IsValid);
        Assert.Equal("configured", r.Headers["X-Task"]);
    }

    [Fact]
    public void Empty_allow_list_refuses_every_agent_header_and_says_so()
    {
        var r = Policy().Merge(null, H(("X-Anything", "v")));
        Assert.Contains("the list is empty", Assert.Single(r.Errors));
    }

    [Fact]
    public void Each_refused_header_is_reported()
    {
        var r = Policy("X-Ok").Merge(null, H(("X-Ok", "fine"), ("Host", "h"), ("X-No", "n")));
        Assert.Equal(2, r.Errors.Count);
    }

    [Theory]
    [InlineData("X-Ok", true)]
    [InlineData("!#$%&'*+-.^_`|~09azAZ", true)]
    [InlineData("a b", false)]
    [InlineData("a(b)", false)]
    [InlineData("a\"b", false)]
    [InlineData("", false)]
    public void IsToken_follows_RFC_9110(string name, bool expected) => Assert.Equal(expected, HeaderPolicy.IsToken(name));
}
