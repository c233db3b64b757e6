namespace TruebitMcp.Core.Configuration;

/// <summary>The whole server configuration, bound from the JSON file, environment and command line.</summary>
public sealed class TruebitMcpOptions
{
    public DispatcherOptions Dispatcher { get; set; } = new();
    public List<TaskOptions> Tasks { get; set; } = [];
    public ToolsOptions Tools { get; set; } = new();
    /// <summary>Headers injected into every task's outgoing call (task headers win). Values are secrets.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Header names an agent may supply itself. Empty by default.</summary>
    public List<string> AgentHeaders { get; set; } = [];
    public ExecutionOptions Execution { get; set; } = new();
    public LimitsOptions Limits { get; set; } = new();
    public LoggingOptions Logging { get; set; } = new();
    public HttpOptions Http { get; set; } = new();

    /// <summary>Directory of the config file; relative manifest paths resolve against it.</summary>
    public string BaseDirectory { get; set; } = Directory.GetCurrentDirectory();
    /// <summary>Full path of the config file that was read, if any.</summary>
    public string? SourceFile { get; set; }
}

public sealed class DispatcherOptions
{
    public const string Local = "local";

    /// <summary>Base URL of the Truebit dispatcher, or <c>local</c> for the embedded local dispatcher.</summary>
    public string Url { get; set; } = Local;
    /// <summary>Truebit API key (sent as <c>x-api-key</c>). Defaults to env TRUEBIT_API_KEY.</summary>
    public string? ApiKey { get; set; }
    /// <summary>HTTP timeout for one dispatcher request. Must exceed Truebit's 60 s synchronous wait.</summary>
    public int RequestTimeoutSeconds { get; set; } = 90;
    /// <summary>Retries for status and transcript reads (execute is never retried).</summary>
    public int ReadRetries { get; set; } = 3;
    public bool IsLocal => string.Equals(Url, Local, StringComparison.OrdinalIgnoreCase);
}

public sealed class TaskOptions
{
    public string Namespace { get; set; } = "";
    public string TaskName { get; set; } = "";
    public uint? Version { get; set; }
    public string? Label { get; set; }
    /// <summary>Path of the task's OpenAPI manifest, relative to the config file.</summary>
    public string Manifest { get; set; } = "";
    /// <summary>Overrides the manifest's servers[0].url (used by the local dispatcher only).</summary>
    public string? ServerUrl { get; set; }
    public uint? ExecutionTimeout { get; set; }
    /// <summary>Prefix of this task's tool names; defaults to the task name.</summary>
    public string? ToolPrefix { get; set; }
    /// <summary>Headers injected into this task's calls; they win over global headers. Values are secrets.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Publish only these operations (operationId, HTTP method or tag). Empty: all.</summary>
    public List<string> Include { get; set; } = [];
    /// <summary>Never publish these operations (operationId, HTTP method or tag). Wins over include.</summary>
    public List<string> Exclude { get; set; } = [];
    /// <summary>Return an execution handle at once instead of waiting for the result.</summary>
    public bool Async { get; set; }
    /// <summary>Tool annotation overrides by operationId (or "METHOD /path").</summary>
    public Dictionary<string, AnnotationOptions> Annotations { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string DisplayName => $"{Namespace}/{TaskName}";
}

public sealed class ToolsOptions
{
    public int MaxNameLength { get; set; } = 48;
    public bool OutputSchemas { get; set; } = true;
    /// <summary>Publish only read-only (GET/HEAD) operations.</summary>
    public bool ReadOnly { get; set; }
    /// <summary>Publish only the generic tools, no per-operation tools.</summary>
    public bool GenericOnly { get; set; }
    /// <summary>Tool renames: generated name (or "namespace/task#operationId") → name to publish.</summary>
    public Dictionary<string, string> Rename { get; set; } = new(StringComparer.Ordinal);
    public int MaxDescriptionLength { get; set; } = 1024;
}

public sealed class ExecutionOptions
{
    /// <summary>Default executionTimeout sent to Truebit when neither the call nor the task sets one.</summary>
    public uint DefaultExecutionTimeout { get; set; } = 30000;
    /// <summary>Unit of executionTimeout. Truebit's docs disagree; its examples use milliseconds.</summary>
    public TimeoutUnit ExecutionTimeoutUnit { get; set; } = TimeoutUnit.Milliseconds;
    /// <summary>First delay between status polls, in milliseconds.</summary>
    public int PollInitialDelayMs { get; set; } = 500;
    /// <summary>Longest delay between status polls, in milliseconds.</summary>
    public int PollMaxDelayMs { get; set; } = 5000;
    /// <summary>Extra time past executionTimeout before a waiting call hands back the execution id.</summary>
    public int GraceSeconds { get; set; } = 10;
    /// <summary>Largest output (UTF-8 bytes of JSON) returned inline before it is truncated.</summary>
    public int MaxOutputBytes { get; set; } = 100_000;
    /// <summary>
    /// Whether truebit_execute_task may run tasks that are not in tasks[]. They never get configured headers
    /// (only allow-listed agent headers) and are not checked against a manifest here.
    /// </summary>
    public bool AllowUnconfiguredTasks { get; set; } = true;
}

/// <summary>Overrides of the hints derived from the HTTP method; unset values keep the derived ones.</summary>
public sealed class AnnotationOptions
{
    public bool? ReadOnly { get; set; }
    public bool? Destructive { get; set; }
    public bool? Idempotent { get; set; }
    public bool? OpenWorld { get; set; }
}

/// <summary>Execution governance: how much an agent may run. 0 turns a limit off.</summary>
public sealed class LimitsOptions
{
    /// <summary>Executions waiting or running at once (per authenticated client on HTTP, else server-wide).</summary>
    public int MaxConcurrentExecutions { get; set; } = 4;
    /// <summary>Executions started per rolling minute (per authenticated client on HTTP, else server-wide).</summary>
    public int MaxExecutionsPerMinute { get; set; } = 30;
}

public enum TimeoutUnit { Milliseconds, Seconds }

public sealed class LoggingOptions
{
    public string Level { get; set; } = "Information";
    /// <summary>Optional rolling log file (daily).</summary>
    public string? File { get; set; }
}

/// <summary>The Streamable HTTP transport (<c>serve --transport http</c>); stdio ignores it.</summary>
public sealed class HttpOptions
{
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Host names served when <see cref="AllowedHosts"/> is empty: loopback only.</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Origins served when <see cref="AllowedOrigins"/> is empty: pages served from loopback, any port.</summary>
    public static readonly IReadOnlyList<string> LoopbackOrigins =
        ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*", "https://localhost:*", "https://127.0.0.1:*", "https://[::1]:*"];

    /// <summary>Bearer tokens accepted on /mcp. None: no authentication (loopback binds only).</summary>
    public List<HttpTokenOptions> Tokens { get; set; } = [];
    /// <summary>Host header names accepted (no port; "*" accepts any). Empty: <see cref="LoopbackHosts"/>.</summary>
    public List<string> AllowedHosts { get; set; } = [];
    /// <summary>Origin header values accepted ("scheme://host" with optional ":port" or ":*"). Empty: <see cref="LoopbackOrigins"/>.
    /// A request without Origin (not from a browser) is always accepted.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
    /// <summary>Keep MCP sessions (Mcp-Session-Id) for clients that need server-to-client requests; needs session affinity.</summary>
    public bool Stateful { get; set; }
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;
    /// <summary>Allow a non-loopback bind with no tokens. For a trusted network or a proxy that authenticates; logged loudly.</summary>
    public bool AllowUnauthenticatedRemote { get; set; }
    /// <summary>How long shutdown waits for in-flight requests.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 10;

    public IReadOnlyList<string> EffectiveAllowedHosts => AllowedHosts.Count > 0 ? AllowedHosts : LoopbackHosts;
    public IReadOnlyList<string> EffectiveAllowedOrigins => AllowedOrigins.Count > 0 ? AllowedOrigins : LoopbackOrigins;
}

public sealed class HttpTokenOptions
{
    /// <summary>Who holds the token; logged instead of the token.</summary>
    public string Name { get; set; } = "";
    /// <summary>The bearer token; usually <c>${env:NAME}</c>. A secret.</summary>
    public string Token { get; set; } = "";
}
