namespace TruebitMcp.Core.Configuration;

/// <summary>An allowed browser origin: <c>scheme://host</c> with an optional <c>:port</c>, or <c>:*</c> for any port.</summary>
public sealed record OriginPattern(string Scheme, string Host, int? Port)
{
    private const string AnyPortSuffix = ":*";

    /// <summary>Null port means any port.</summary>
    public static bool TryParse(string text, out OriginPattern pattern)
    {
        pattern = null!;
        var anyPort = text.EndsWith(AnyPortSuffix, StringComparison.Ordinal);
        var uriText = anyPort ? text[..^AnyPortSuffix.Length] : text;
        if (!TryParseOrigin(uriText, out var uri)) return false;
        if (anyPort && !uri.IsDefaultPort) return false;
        pattern = new OriginPattern(uri.Scheme, uri.Host, anyPort ? null : uri.Port);
        return true;
    }

    /// <summary>Whether an Origin header value matches. "null" and anything that is not an http(s) origin never match.</summary>
    public bool Matches(string origin) =>
        TryParseOrigin(origin, out var uri)
        && string.Equals(uri.Scheme, Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, Host, StringComparison.OrdinalIgnoreCase)
        && (Port is null || uri.Port == Port);

    private static bool TryParseOrigin(string text, out Uri uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri!)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.UserInfo.Length == 0
        && uri.AbsolutePath == "/" && !text.EndsWith('/')
        && uri.Query.Length == 0 && uri.Fragment.Length == 0;
}
