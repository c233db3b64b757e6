using System.Text.Json;
using System.Text.Json.Nodes;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Security;
using ModelContextProtocol.Protocol;
using TruebitMcp.Tools;

namespace TruebitMcp.Cli;

/// <summary><c>tools</c> and <c>check</c>: read-only looks at what a configuration publishes. Output on stdout, secrets masked.</summary>
internal static class InspectCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Task<int> ToolsAsync(string? configPath, IReadOnlyList<string> overrides, CancellationToken cancellationToken)
    {
        var config = CommandLine.LoadOrReport(configPath, overrides);
        if (config is null) return Task.FromResult(2);
        var catalog = TaskCatalogBuilder.Build(config.Options);
        // Exactly the objects tools/list publishes: the generic tools, then one per operation.
        Tool[] generic = [ExecuteTaskTool.Definition, GetExecutionTool.Definition, GetTranscriptTool.Definition, ListTasksTool.Definition, DescribeTaskTool.Definition];
        var tools = new JsonArray(generic.Concat(catalog.Tools.Select(OperationMcpTool.Describe))
            .Select(t => JsonSerializer.SerializeToNode(t, ModelContextProtocol.McpJsonUtilities.DefaultOptions)).ToArray());
        var redactor = new SecretRedactor(config.Secrets);
        Console.Out.WriteLine(redactor.Redact(tools)!.ToJsonString(Indented));
        foreach (var p in catalog.Problems) Console.Error.WriteLine(redactor.Redact($"{(p.Fatal ? "error" : "warning")}: {p}"));
        return Task.FromResult(0);
    }

    public static Task<int> CheckAsync(string? configPath, IReadOnlyList<string> overrides, CancellationToken cancellationToken)
    {
        var config = CommandLine.LoadOrReport(configPath, overrides);
        if (config is null) return Task.FromResult(1);
        var catalog = TaskCatalogBuilder.Build(config.Options);
        var redactor = new SecretRedactor(config.Secrets);
        var problems = catalog.Problems.Select(p => $"{(p.Fatal ? "error" : "warning")}: {p}")
            .Concat(LiteralSecretWarnings(config.Options.SourceFile))
            .Concat(ShortSecretWarnings(config.Options)).ToList();
        foreach (var p in problems) Console.Out.WriteLine(redactor.Redact(p));
        Console.Out.WriteLine($"{config.Options.SourceFile}: {catalog.Tasks.Count} task(s), {catalog.Tools.Count} tool(s), {problems.Count} problem(s).");
        return Task.FromResult(problems.Count == 0 ? 0 : 1);
    }

    /// <summary>Secrets belong in the environment: flag header values and API keys written literally in the file.</summary>
    private static IEnumerable<string> LiteralSecretWarnings(string? file)
    {
        if (file is null) yield break;
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException) { yield break; }
        if (root?["dispatcher"]?["apiKey"] is JsonValue key && IsLiteral(key))
            yield return "warning: dispatcher.apiKey: the API key is written in the config file — use \"${env:TRUEBIT_API_KEY}\" instead";
        if (root?["http"]?["tokens"] is JsonArray tokens)
            for (var i = 0; i < tokens.Count; i++)
                if (tokens[i]?["token"] is JsonValue t && IsLiteral(t))
                    yield return $"warning: http.tokens[{i}].token: the token is written in the config file — use \"${{env:NAME}}\" instead";
        foreach (var (path, headers) in HeaderBlocks(root))
            foreach (var (name, value) in headers)
                if (value is JsonValue v && IsLiteral(v))
                    yield return $"warning: {path}.{name}: header value is written in the config file — use \"${{env:NAME}}\" for secrets";
    }

    /// <summary>Values too short to be masked reliably are named, so the operator can lengthen or drop them.</summary>
    private static IEnumerable<string> ShortSecretWarnings(Core.Configuration.TruebitMcpOptions o)
    {
        static bool Short(string? v) => v is { Length: > 0 } && v.Length < SecretRedactor.MinimumLength;
        if (Short(o.Dispatcher.ApiKey)) yield return "warning: dispatcher.apiKey: shorter than 4 characters, it cannot be masked in output";
        foreach (var (name, value) in o.Headers)
            if (Short(value)) yield return $"warning: headers.{name}: the value is shorter than 4 characters and cannot be masked in output";
        for (var i = 0; i < o.Tasks.Count; i++)
            foreach (var (name, value) in o.Tasks[i].Headers)
                if (Short(value)) yield return $"warning: tasks[{i}].headers.{name}: the value is shorter than 4 characters and cannot be masked in output";
    }

    private static IEnumerable<(string, JsonObject)> HeaderBlocks(JsonNode? root)
    {
        if (root?["headers"] is JsonObject g) yield return ("headers", g);
        if (root?["tasks"] is JsonArray tasks)
            for (var i = 0; i < tasks.Count; i++)
                if (tasks[i]?["headers"] is JsonObject h) yield return ($"tasks[{i}].headers", h);
    }

    private static bool IsLiteral(JsonValue v) => v.TryGetValue<string>(out var s) && s.Length > 0 && !s.Contains("${env:", StringComparison.Ordinal);
}
