using System.Net;

namespace TruebitMcp.Hosting.Http;

/// <summary>The listen URLs given to --urls, and whether any of them is reachable from another machine.</summary>
internal static class ListenAddresses
{
    public const string Default = "http://127.0.0.1:5080";

    public static string[] Split(string? urls) =>
        (string.IsNullOrWhiteSpace(urls) ? Default : urls)
            .Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Wildcards (*, +, 0.0.0.0, [::]), names other than localhost and non-loopback addresses all count as remote.</summary>
    public static bool IsLoopback(string url)
    {
        var host = HostOf(url);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    private static string HostOf(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        if (rest.StartsWith('[')) return rest[..(rest.IndexOf(']') + 1)];
        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }
}
