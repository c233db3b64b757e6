using TruebitMcp.Core.Security;

namespace TruebitMcp.Core.Configuration;

/// <summary>Checks bound options for values that would fail later, naming each key path.</summary>
public static class ConfigValidator
{
    private static readonly string[] Levels = ["Verbose", "Debug", "Information", "Warning", "Error", "Fatal"];

    public static IEnumerable<ConfigError> Validate(TruebitMcpOptions o)
    {
        var d = o.Dispatcher;
        if (!d.IsLocal && !IsHttpUrl(d.Url))
            yield return new("dispatcher.url", $"'{d.Url}' is neither 'local' nor an absolute http(s) URL",
                "use 'local' for the embedded dispatcher or e.g. https://run.truebit.network");
        if (!d.IsLocal && string.IsNullOrEmpty(d.ApiKey))
            yield return new("dispatcher.apiKey", "no Truebit API key is configured",
                "set the environment variable TRUEBIT_API_KEY (or dispatcher.apiKey: \"${env:TRUEBIT_API_KEY}\")");
        if (d.RequestTimeoutSeconds is < 61 or > 3600)
            yield return new("dispatcher.requestTimeoutSeconds", $"{d.RequestTimeoutSeconds} is out of range",
                "use 61–3600: Truebit may hold a synchronous call for 60 s");
        if (d.ReadRetries is < 0 or > 10)
            yield return new("dispatcher.readRetries", $"{d.ReadRetries} is out of range", "use 0–10");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Tasks.Count; i++)
        {
            var t = o.Tasks[i];
            var at = $"tasks[{i}]";
            if (string.IsNullOrWhiteSpace(t.Namespace))
                yield return new($"{at}.namespace", "is missing", "set the task owner's namespace, e.g. \"62faaf33\"");
            if (string.IsNullOrWhiteSpace(t.TaskName))
                yield return new($"{at}.taskName", "is missing", "set the task name bound by `truebit deploy`");
            if (!seen.Add(t.DisplayName))
                yield return new(at, $"task {t.DisplayName} is configured twice", "remove one of the entries");
            if (string.IsNullOrWhiteSpace(t.Manifest))
                yield return new($"{at}.manifest", "is missing", "give the path of the task's OpenAPI manifest, relative to the config file");
            else if (!File.Exists(Path.Combine(o.BaseDirectory, t.Manifest)))
                yield return new($"{at}.manifest", $"file '{Path.GetFullPath(Path.Combine(o.BaseDirectory, t.Manifest))}' does not exist",
                    "correct the path (it is relative to the config file)");
            if (t.ServerUrl is { Length: > 0 } s && !IsHttpUrl(s))
                yield return new($"{at}.serverUrl", $"'{s}' is not an absolute http(s) URL", "e.g. http://127.0.0.1:5199");
            if (t.ExecutionTimeout == 0)
                yield return new($"{at}.executionTimeout", "is 0", "give a positive timeout or leave it out");
            foreach (var e in HeaderErrors(t.Headers, $"{at}.headers")) yield return e;
        }

        foreach (var e in HeaderErrors(o.Headers, "headers")) yield return e;
        for (var i = 0; i < o.AgentHeaders.Count; i++)
            if (!HeaderPolicy.IsSendable(o.AgentHeaders[i]))
                yield return new($"agentHeaders[{i}]", $"'{o.AgentHeaders[i]}' cannot be allowed",
                    "list ordinary header names only (not x-api-key, Host, Content-Length, hop-by-hop headers)");

        if (o.Tools.MaxNameLength is < 16 or > 64)
            yield return new("tools.maxNameLength", $"{o.Tools.MaxNameLength} is out of range", "use 16–64 (hosts accept at most 64)");
        foreach (var (from, to) in o.Tools.Rename)
            if (!Naming.ToolNames.IsValid(to))
                yield return new($"tools.rename.{from}", $"'{to}' is not a valid tool name", "use 1–64 characters from A-Z a-z 0-9 _ -");
        if (o.Execution.PollInitialDelayMs < 10 || o.Execution.PollMaxDelayMs < o.Execution.PollInitialDelayMs)
            yield return new("execution.pollInitialDelayMs", "poll delays are inconsistent", "use pollInitialDelayMs ≥ 10 and pollMaxDelayMs ≥ pollInitialDelayMs");
        if (o.Execution.MaxOutputBytes < 1024)
            yield return new("execution.maxOutputBytes", $"{o.Execution.MaxOutputBytes} is too small", "use at least 1024");
        if (o.Limits.MaxConcurrentExecutions < 0)
            yield return new("limits.maxConcurrentExecutions", "is negative", "use 0 (no limit) or a positive number");
        if (o.Limits.MaxExecutionsPerMinute < 0)
            yield return new("limits.maxExecutionsPerMinute", "is negative", "use 0 (no limit) or a positive number");
        if (!Levels.Contains(o.Logging.Level, StringComparer.OrdinalIgnoreCase))
            yield return new("logging.level", $"'{o.Logging.Level}' is not a log level", $"use one of {string.Join(", ", Levels)}");
        foreach (var e in HttpErrors(o.Http)) yield return e;
    }

    public const int MinTokenLength = 16;

    private static IEnumerable<ConfigError> HttpErrors(HttpOptions h)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < h.Tokens.Count; i++)
        {
            var t = h.Tokens[i];
            var at = $"http.tokens[{i}]";
            if (string.IsNullOrWhiteSpace(t.Name))
                yield return new($"{at}.name", "is missing", "name who holds the token (it is logged instead of the token)");
            else if (!names.Add(t.Name))
                yield return new($"{at}.name", $"'{t.Name}' is used twice", "give every token its own name");
            // Never echo the value: it is a secret.
            if (t.Token.Length < MinTokenLength)
                yield return new($"{at}.token", $"is missing or shorter than {MinTokenLength} characters",
                    "use a long random value, e.g. `openssl rand -hex 32`, given as \"${env:NAME}\"");
            else if (t.Token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                yield return new($"{at}.token", "contains whitespace or control characters", "use a token without spaces");
            else if (!tokens.Add(t.Token))
                yield return new($"{at}.token", "is the same as another token", "give every client its own token");
        }
        for (var i = 0; i < h.AllowedHosts.Count; i++)
            if (!IsHostName(h.AllowedHosts[i]))
                yield return new($"http.allowedHosts[{i}]", $"'{h.AllowedHosts[i]}' is not a host name",
                    "give a name or address without scheme or port, e.g. mcp.example.com, 10.0.0.5, [::1], or * for any");
        for (var i = 0; i < h.AllowedOrigins.Count; i++)
            if (!OriginPattern.TryParse(h.AllowedOrigins[i], out _))
                yield return new($"http.allowedOrigins[{i}]", $"'{h.AllowedOrigins[i]}' is not an origin",
                    "use scheme://host with an optional :port or :* and no path, e.g. https://app.example.com or http://localhost:*");
        if (h.MaxRequestBodyBytes is < 1024 or > 100L * 1024 * 1024)
            yield return new("http.maxRequestBodyBytes", $"{h.MaxRequestBodyBytes} is out of range", "use 1024–104857600 (default 1048576)");
        if (h.ShutdownTimeoutSeconds is < 0 or > 600)
            yield return new("http.shutdownTimeoutSeconds", $"{h.ShutdownTimeoutSeconds} is out of range", "use 0–600 (default 10)");
    }

    private static bool IsHostName(string s) =>
        s == "*" || (s.Length > 0 && !s.Contains("://", StringComparison.Ordinal) && !s.Contains('/')
            && Uri.CheckHostName(s.Trim('[', ']')) != UriHostNameType.Unknown && (s.StartsWith('[') || !s.Contains(':')));

    private static IEnumerable<ConfigError> HeaderErrors(Dictionary<string, string> headers, string at)
    {
        foreach (var (name, value) in headers)
        {
            if (!HeaderPolicy.IsSendable(name))
                yield return new($"{at}.{name}", "is not a header that may be injected",
                    "use an ordinary header name (x-api-key, Host, Content-Length and hop-by-hop headers are reserved)");
            else if (HeaderPolicy.HasControlCharacters(value))
                yield return new($"{at}.{name}", "the value contains CR, LF or NUL", "remove the control characters");
        }
    }

    private static bool IsHttpUrl(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
