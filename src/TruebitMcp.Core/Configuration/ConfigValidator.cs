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
            if (!HeaderPolicy.IsToken(o.AgentHeaders[i]) || HeaderPolicy.IsForbidden(o.AgentHeaders[i]))
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
    }

    private static IEnumerable<ConfigError> HeaderErrors(Dictionary<string, string> headers, string at)
    {
        foreach (var (name, value) in headers)
        {
            if (!HeaderPolicy.IsToken(name) || HeaderPolicy.IsForbidden(name))
                yield return new($"{at}.{name}", "is not a header that may be injected",
                    "use an ordinary header name (x-api-key, Host, Content-Length and hop-by-hop headers are reserved)");
            else if (HeaderPolicy.HasControlCharacters(value))
                yield return new($"{at}.{name}", "the value contains CR, LF or NUL", "remove the control characters");
        }
    }

    private static bool IsHttpUrl(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
