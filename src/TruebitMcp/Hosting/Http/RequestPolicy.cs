using TruebitMcp.Core.Configuration;

namespace TruebitMcp.Hosting.Http;

/// <summary>Which Host and Origin header values the MCP endpoint serves (DNS-rebinding and cross-site protection).</summary>
internal sealed class RequestPolicy
{
    private readonly HashSet<string> _hosts;
    private readonly bool _anyHost;
    private readonly OriginPattern[] _origins;

    public RequestPolicy(HttpOptions options)
    {
        _hosts = new HashSet<string>(options.EffectiveAllowedHosts, StringComparer.OrdinalIgnoreCase);
        _anyHost = _hosts.Contains("*");
        _origins = options.EffectiveAllowedOrigins
            .Select(o => OriginPattern.TryParse(o, out var p) ? p : null)
            .OfType<OriginPattern>()
            .ToArray();
    }

    /// <param name="host">The Host header's name part, without the port (IPv6 in brackets).</param>
    public bool IsHostAllowed(string? host) => !string.IsNullOrEmpty(host) && (_anyHost || _hosts.Contains(host));

    /// <summary>A request without Origin is not from a browser page and is allowed.</summary>
    public bool IsOriginAllowed(string? origin) => string.IsNullOrEmpty(origin) || _origins.Any(p => p.Matches(origin));
}
