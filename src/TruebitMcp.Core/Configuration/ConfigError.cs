namespace TruebitMcp.Core.Configuration;

/// <summary>One configuration problem: where it is, what is wrong, how to fix it.</summary>
public sealed record ConfigError(string Path, string Problem, string Fix)
{
    public override string ToString() => $"{Path}: {Problem} — {Fix}";
}

/// <summary>Thrown when configuration cannot be used; carries every problem found.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception("Configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
