namespace TruebitMcp.Core.Security;

/// <summary>
/// Decides which headers reach the target API: configured headers (task over global) always; agent headers only
/// when allow-listed, never over a configured one, never reserved or malformed.
/// </summary>
public sealed class HeaderPolicy(IReadOnlyDictionary<string, string> globalHeaders, IReadOnlyCollection<string> agentAllowList)
{
    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "x-api-key", "host", "content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection",
        "proxy-authorization", "proxy-authenticate", "te", "trailer", "upgrade", "expect",
    };

    private readonly HashSet<string> _allowed = new(agentAllowList, StringComparer.OrdinalIgnoreCase);

    public static bool IsForbidden(string name) => Forbidden.Contains(name);

    /// <summary>RFC 9110 token: the only characters a header name may have.</summary>
    public static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => c < 128 && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)));

    public static bool HasControlCharacters(string value) => value.Any(c => c is '\r' or '\n' or '\0');

    /// <summary>A header name a manifest parameter or a config entry may use: a token that is not reserved.</summary>
    public static bool IsSendable(string name) => IsToken(name) && !IsForbidden(name);

    /// <summary>JSON Schema pattern that refuses CR, LF and NUL in a header value.</summary>
    public const string ValuePattern = "^[^\\r\\n\\u0000]*$";

    /// <summary>
    /// Headers for one call: global, then the task's, then allow-listed agent headers; any refusal fails the whole
    /// call. A task that is not configured gets no configured header at all — its target is not one the operator chose.
    /// </summary>
    public HeaderMergeResult Merge(IReadOnlyDictionary<string, string>? taskHeaders, IReadOnlyDictionary<string, string>? agentHeaders,
        bool configuredTask = true)
    {
        var errors = new List<string>();
        var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (configuredTask) foreach (var (name, value) in globalHeaders) merged[name] = value;
        if (taskHeaders is not null) foreach (var (name, value) in taskHeaders) merged[name] = value;
        var configured = merged.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var (name, value) in agentHeaders ?? new Dictionary<string, string>())
        {
            if (!IsToken(name)) errors.Add($"header name '{Printable(name)}' is not a valid HTTP header name");
            else if (IsForbidden(name)) errors.Add($"header '{name}' is reserved and cannot be set by a tool call");
            else if (!_allowed.Contains(name))
                errors.Add($"header '{name}' is not on this server's agentHeaders allow-list" +
                           (_allowed.Count == 0 ? " (the list is empty: the server sets headers itself)" : $" (allowed: {string.Join(", ", _allowed.Order())})"));
            else if (HasControlCharacters(value)) errors.Add($"header '{name}' has a value with CR, LF or NUL");
            else if (configured.Contains(name)) errors.Add($"header '{name}' is set by the server configuration and cannot be overridden");
            else merged[name] = value;
        }
        return new HeaderMergeResult(merged, errors);
    }

    private static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}

public sealed record HeaderMergeResult(IReadOnlyDictionary<string, string> Headers, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
