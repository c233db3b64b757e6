using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace TruebitMcp.Core.Naming;

/// <summary>Tool-name rules that real MCP hosts accept: ^[A-Za-z0-9_-]{1,64}$.</summary>
public static partial class ToolNames
{
    public static bool IsValid(string name) => ValidName().IsMatch(name);

    /// <summary>"getOrderById" → "get_order_by_id"; "GET /store/{id}" → "get_store_id".</summary>
    public static string ToSnakeCase(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                var boundary = char.IsUpper(c) && i > 0 &&
                               (char.IsLower(text[i - 1]) || char.IsDigit(text[i - 1]) ||
                                (i + 1 < text.Length && char.IsLower(text[i + 1]) && char.IsUpper(text[i - 1])));
                if (boundary && sb.Length > 0 && sb[^1] != '_') sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        }
        return sb.ToString().Trim('_');
    }

    /// <summary>Cuts a name to <paramref name="maxLength"/>, ending it with a short hash of the stable id so it stays unique.</summary>
    public static string Shorten(string name, int maxLength, string stableId)
    {
        if (name.Length <= maxLength) return name;
        var hash = ShortHash(stableId);
        return name[..(maxLength - hash.Length - 1)].TrimEnd('_', '-') + "_" + hash;
    }

    public static string ShortHash(string stableId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stableId)))[..6];

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ValidName();
}
