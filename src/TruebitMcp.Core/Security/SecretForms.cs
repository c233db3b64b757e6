using System.Text;
using System.Text.RegularExpressions;

namespace TruebitMcp.Core.Security;

/// <summary>
/// The forms in which a configured secret can come back: the value itself, the credential after an
/// authorization scheme ("Bearer sk-…" → "sk-…"), a Basic credential decoded and its password, and the value
/// percent-encoded.
/// </summary>
public static partial class SecretForms
{
    public static IEnumerable<string> Of(string value)
    {
        if (string.IsNullOrEmpty(value)) yield break;
        yield return value;
        var escaped = Uri.EscapeDataString(value);
        if (escaped != value) yield return escaped;

        var m = SchemeCredential().Match(value);
        if (!m.Success) yield break;
        var credential = m.Groups["credential"].Value;
        yield return credential;
        if (!m.Groups["scheme"].Value.Equals("Basic", StringComparison.OrdinalIgnoreCase)) yield break;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credential)); }
        catch (FormatException) { yield break; }
        yield return decoded;
        var colon = decoded.IndexOf(':');
        if (colon >= 0 && colon < decoded.Length - 1) yield return decoded[(colon + 1)..];
    }

    [GeneratedRegex(@"^(?<scheme>Bearer|Basic|Token|Bot|Digest|ApiKey|Api-Key|AWS4-HMAC-SHA256)\s+(?<credential>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex SchemeCredential();
}
