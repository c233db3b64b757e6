using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Core.Configuration;

/// <summary>
/// Reads the configuration: JSON file, then environment variables (prefix TRUEBIT_MCP_, "__" between levels),
/// then command-line overrides (<c>--dispatcher:url=…</c>); expands <c>${env:NAME}</c> and
/// <c>${env:NAME:-default}</c>; binds and validates. Every problem names its key path.
/// </summary>
public static partial class ConfigLoader
{
    public const string DefaultFileName = "truebit-mcp.json";
    public const string ConfigEnvVar = "TRUEBIT_MCP_CONFIG";
    public const string EnvPrefix = "TRUEBIT_MCP_";
    public const string ApiKeyEnvVar = "TRUEBIT_API_KEY";

    /// <summary>Where the config file is: the explicit path, else $TRUEBIT_MCP_CONFIG, else ./truebit-mcp.json.</summary>
    public static string ResolvePath(string? explicitPath, Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        var path = !string.IsNullOrWhiteSpace(explicitPath) ? explicitPath
            : env(ConfigEnvVar) is { Length: > 0 } fromEnv ? fromEnv
            : DefaultFileName;
        return Path.GetFullPath(path);
    }

    public static LoadedConfig Load(string? explicitPath, IEnumerable<string>? commandLineOverrides = null,
        Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        var path = ResolvePath(explicitPath, env);
        var errors = new List<ConfigError>();

        if (!File.Exists(path))
        {
            var how = explicitPath is null
                ? $"pass --config PATH, set {ConfigEnvVar}, or create {DefaultFileName} in the working directory (see examples/)"
                : "check the path given to --config";
            throw new ConfigException([new ConfigError("(config file)", $"'{path}' does not exist", how)]);
        }

        CheckJsonSyntax(path);

        var raw = new ConfigurationBuilder()
            .AddJsonFile(path, optional: false, reloadOnChange: false)
            .AddEnvironmentVariables(EnvPrefix)
            .AddCommandLine(commandLineOverrides?.ToArray() ?? [])
            .Build();

        var expanded = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in raw.AsEnumerable())
        {
            if (key.StartsWith("$schema", StringComparison.Ordinal)) continue;
            if (value is null) { expanded[key] = null; continue; }
            expanded[key] = ExpandEnv(key, value, env, errors);
        }

        // The binder drops a list element whose value fails to convert without a word, so check shapes first.
        var shapeErrors = ShapeErrors(expanded.Where(kv => kv.Value is not null)!).ToList();
        errors.AddRange(shapeErrors);
        var bound = new ConfigurationBuilder().AddInMemoryCollection(expanded).Build();
        var options = new TruebitMcpOptions();
        try
        {
            bound.Bind(options);
        }
        catch (InvalidOperationException) when (shapeErrors.Count > 0)
        {
            // Already reported, with its path, by the shape check.
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(DescribeBindError(ex));
        }

        options.BaseDirectory = Path.GetDirectoryName(path)!;
        options.SourceFile = path;
        if (string.IsNullOrEmpty(options.Dispatcher.ApiKey) && env(ApiKeyEnvVar) is { Length: > 0 } envKey)
            options.Dispatcher.ApiKey = envKey;

        errors.AddRange(ConfigValidator.Validate(options));
        if (errors.Count > 0) throw new ConfigException(errors);

        var overrides = commandLineOverrides?.ToArray() ?? [];
        return new LoadedConfig(options, SecretValues(options).SelectMany(SecretForms.Of).Distinct().ToArray())
        {
            // A reload reads the same file with the same overrides and environment as the first load.
            Reload = () => Load(path, overrides, env),
        };
    }

    /// <summary>The values that are secrets: the API key, configured header values and HTTP bearer tokens.</summary>
    public static IEnumerable<string> SecretValues(TruebitMcpOptions options) =>
        new[] { options.Dispatcher.ApiKey ?? "" }
            .Concat(options.Headers.Values)
            .Concat(options.Tasks.SelectMany(t => t.Headers.Values))
            .Concat(options.Http.Tokens.Select(t => t.Token))
            .Where(v => v.Length > 0);

    /// <summary>Turns "tasks:0:manifest" into "tasks[0].manifest".</summary>
    public static string DisplayPath(string key) =>
        string.Join('.', key.Split(':').Select(p => int.TryParse(p, out _) ? $"[{p}]" : p)).Replace(".[", "[");

    private static void CheckJsonSyntax(string path)
    {
        try
        {
            using var _ = JsonDocument.Parse(File.ReadAllText(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ConfigException([new ConfigError("(config file)",
                $"'{path}' is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}",
                "fix the JSON syntax at that position")]);
        }
    }

    private static string ExpandEnv(string key, string value, Func<string, string?> env, List<ConfigError> errors) =>
        EnvPlaceholder().Replace(value, m =>
        {
            var name = m.Groups["name"].Value;
            var resolved = env(name);
            if (string.IsNullOrEmpty(resolved))
            {
                if (m.Groups["default"].Success) return m.Groups["default"].Value;
                errors.Add(new ConfigError(DisplayPath(key), $"environment variable {name} is not set",
                    $"set {name}, or write ${{env:{name}:-default}} to give a default"));
                return "";
            }
            return resolved;
        });

    /// <summary>Keys that no option binds to (typos) and values that do not convert to their key's type, each by full path.</summary>
    private static IEnumerable<ConfigError> ShapeErrors(IEnumerable<KeyValuePair<string, string?>> values)
    {
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase))
        {
            var type = typeof(TruebitMcpOptions);
            var segments = key.Split(':');
            var i = 0;
            for (; i < segments.Length && type is not null; i++)
            {
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)) { type = int.TryParse(segments[i], out _) ? type.GetGenericArguments()[0] : null; continue; }
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)) { type = type.GetGenericArguments()[1]; continue; }
                if (IsScalar(type)) break;
                var property = type.GetProperty(segments[i], System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
                if (property is null || !property.CanWrite || property.Name is nameof(TruebitMcpOptions.BaseDirectory) or nameof(TruebitMcpOptions.SourceFile))
                {
                    var path = DisplayPath(string.Join(':', segments[..(i + 1)]));
                    if (reported.Add(path))
                        yield return new ConfigError(path, "is not a known key", "remove it or correct the spelling; docs/truebit-mcp.schema.json lists every key");
                    type = null;
                    break;
                }
                type = property.PropertyType;
            }
            if (type is null || i < segments.Length || !IsScalar(type) || value is null) continue;
            var target = Nullable.GetUnderlyingType(type) ?? type;
            bool valid;
            try { valid = System.ComponentModel.TypeDescriptor.GetConverter(target).ConvertFromInvariantString(value) is not null || value.Length == 0; }
            catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException || ex.InnerException is FormatException or OverflowException) { valid = false; }
            if (!valid)
                yield return new ConfigError(DisplayPath(key), $"'{value}' is not {Describe(target)}", "give a value of the type docs/truebit-mcp.schema.json shows for this key");
        }
    }

    private static bool IsScalar(Type type) => type == typeof(string) || type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    private static string Describe(Type t) =>
        t == typeof(bool) ? "true or false"
        : t.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(t))
        : t == typeof(uint) ? "a whole number from 0 to 4294967295"
        : t == typeof(int) || t == typeof(long) ? "a whole number"
        : "a " + t.Name;

    private static ConfigError DescribeBindError(InvalidOperationException ex)
    {
        // The binder says: "Failed to convert configuration value at 'Tasks:0:ExecutionTimeout' to type '…'".
        var at = BindPath().Match(ex.Message);
        var path = at.Success ? DisplayPath(string.Join(':', at.Groups["path"].Value.Split(':').Select(CamelCase))) : "(config)";
        var value = ex.InnerException?.Message is { } inner ? FirstSentence(inner) : "the value has the wrong type";
        return new ConfigError(path, value, "give a value of the type docs/truebit-mcp.schema.json shows for this key");
    }

    private static string CamelCase(string segment) => segment.Length > 0 && char.IsUpper(segment[0]) ? char.ToLowerInvariant(segment[0]) + segment[1..] : segment;

    private static string FirstSentence(string s)
    {
        var i = s.IndexOf(". ", StringComparison.Ordinal);
        return i > 0 ? s[..i] : s.TrimEnd('.');
    }

    [GeneratedRegex(@"\$\{env:(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}")]
    private static partial Regex EnvPlaceholder();

    [GeneratedRegex(@"at '(?<path>[^']+)'")]
    private static partial Regex BindPath();
}

/// <summary>Configuration ready to use, with every value that must never be shown.</summary>
public sealed record LoadedConfig(TruebitMcpOptions Options, IReadOnlyList<string> Secrets)
{
    /// <summary>Reads the configuration again from the same sources (file, overrides, environment).</summary>
    public Func<LoadedConfig> Reload { get; init; } = () => throw new InvalidOperationException("this configuration was not loaded from a file");
}
