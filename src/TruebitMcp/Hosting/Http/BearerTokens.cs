using System.Security.Cryptography;
using System.Text;
using TruebitMcp.Core.Configuration;

namespace TruebitMcp.Hosting.Http;

/// <summary>
/// The configured bearer tokens, kept only as SHA-256 hashes. Every check hashes the presented token and compares it
/// with every known hash in constant time, so neither timing nor an early exit tells how close a guess was.
/// </summary>
internal sealed class BearerTokens
{
    private readonly (string Name, byte[] Hash)[] _tokens;

    public BearerTokens(IEnumerable<HttpTokenOptions> tokens) =>
        _tokens = tokens.Select(t => (t.Name, Hash(t.Token))).ToArray();

    public bool Enabled => _tokens.Length > 0;
    public IEnumerable<string> Names => _tokens.Select(t => t.Name);

    /// <summary>The token's name when the Authorization header carries a known bearer token; otherwise null.</summary>
    public string? Authenticate(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var presented = Hash(authorization[scheme.Length..].Trim());
        string? match = null;
        foreach (var (name, hash) in _tokens)
            if (CryptographicOperations.FixedTimeEquals(presented, hash)) match ??= name;
        return match;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
