using Microsoft.Extensions.Logging;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Naming;
using TruebitMcp.Core.Schemas;

namespace TruebitMcp.Core.Manifests;

/// <summary>
/// Reads every configured manifest and turns each published operation into an <see cref="OperationTool"/>:
/// deterministic, unique, host-safe names; schemas converted and linted; a bad manifest or schema costs only
/// that task or tool, with a problem that names it.
/// </summary>
public static class TaskCatalogBuilder
{
    /// <summary>Names of the generic tools; per-operation tools never take them.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "truebit_execute_task", "truebit_get_execution", "truebit_get_transcript", "truebit_list_tasks", "truebit_describe_task",
    };

    public static TaskCatalog Build(TruebitMcpOptions options, ILogger? logger = null)
    {
        var problems = new List<CatalogProblem>();
        var tasks = new List<CatalogTask>();
        foreach (var t in options.Tasks)
        {
            var path = Path.GetFullPath(Path.Combine(options.BaseDirectory, t.Manifest));
            try
            {
                var manifest = ManifestLoader.LoadFile(path);
                tasks.Add(new CatalogTask(t, manifest, null));
                foreach (var w in manifest.Warnings)
                    problems.Add(new CatalogProblem($"task {t.DisplayName} manifest", w, Fatal: false));
                if (t.ServerUrl is null && manifest.ServerUrl is null)
                    problems.Add(new CatalogProblem($"task {t.DisplayName}", "the manifest has no servers[0].url and no serverUrl is configured", Fatal: false));
            }
            catch (ManifestLoadException ex)
            {
                tasks.Add(new CatalogTask(t, null, ex.Message));
                problems.Add(new CatalogProblem($"task {t.DisplayName}", $"manifest {ex.Message}"));
            }
        }

        var tools = options.Tools.GenericOnly ? [] : BuildTools(tasks, options.Tools, problems);
        foreach (var p in problems)
            logger?.Log(p.Fatal ? LogLevel.Error : LogLevel.Warning, "{Where}: {Problem}", p.Where, p.Message);
        return new TaskCatalog { Tasks = tasks, Tools = tools, Problems = problems };
    }

    private static List<OperationTool> BuildTools(List<CatalogTask> tasks, ToolsOptions toolOptions, List<CatalogProblem> problems)
    {
        var tools = new List<OperationTool>();
        var taken = new HashSet<string>(ReservedNames, StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (task.Manifest is null) continue;
            foreach (var op in task.Manifest.Operations)
            {
                if (!IsPublished(task.Options, op, toolOptions)) continue;
                var where = $"task {task.Options.DisplayName} operation {op.OperationId ?? op.StableId}";
                foreach (var p in op.Parameters.Where(p => p.In == Microsoft.OpenApi.ParameterLocation.Header && !Security.HeaderPolicy.IsSendable(p.Name!)))
                    problems.Add(new CatalogProblem(where, $"header parameter '{p.Name}' is reserved or not a valid header name; it is left out of the tool", Fatal: false));
                try
                {
                    var tool = BuildTool(task, op, toolOptions, taken);
                    var lint = SchemaLinter.Lint(tool.Name, tool.InputSchema, tool.OutputSchema);
                    if (lint.Count > 0)
                    {
                        problems.Add(new CatalogProblem(where, "tool dropped: " + string.Join("; ", lint), Fatal: false));
                        continue;
                    }
                    taken.Add(tool.Name);
                    tools.Add(tool);
                    if (tool.InputSchema.ToJsonString().Contains(OpenApiSchemaConverter.CutMarker, StringComparison.Ordinal))
                        problems.Add(new CatalogProblem(where, $"tool {tool.Name}: parts of the input schema were too large or too deeply nested and accept any value", Fatal: false));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    problems.Add(new CatalogProblem(where, $"tool dropped: {ex.Message}", Fatal: false));
                }
            }
        }
        return tools;
    }

    public static bool IsPublished(TaskOptions task, ApiOperation op, ToolsOptions toolOptions)
    {
        if (toolOptions.ReadOnly && !op.IsReadOnly) return false;
        bool Matches(string selector) =>
            string.Equals(selector, op.OperationId, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(selector, op.Method, StringComparison.OrdinalIgnoreCase) ||
            op.Tags.Contains(selector, StringComparer.OrdinalIgnoreCase);
        if (task.Exclude.Any(Matches)) return false;
        return task.Include.Count == 0 || task.Include.Any(Matches);
    }

    private static OperationTool BuildTool(CatalogTask task, ApiOperation op, ToolsOptions toolOptions, HashSet<string> taken)
    {
        var (input, map) = ToolSchemaBuilder.BuildInput(op);
        var output = toolOptions.OutputSchemas ? ToolSchemaBuilder.BuildOutput(op) : null;
        return new OperationTool
        {
            Name = ChooseName(task.Options, op, toolOptions, taken),
            Title = op.Summary ?? $"{op.Method} {op.PathTemplate} ({task.Options.TaskName})",
            Description = Describe(task, op, toolOptions.MaxDescriptionLength),
            InputSchema = input,
            OutputSchema = output,
            Hints = Hints(task.Options, op),
            Task = task.Options,
            Operation = op,
            Arguments = map,
            Validator = new ArgumentValidator(input),
            OutputValidator = output?["properties"]?["output"] is System.Text.Json.Nodes.JsonObject o && o.Count > 1 ? new ArgumentValidator((System.Text.Json.Nodes.JsonObject)o.DeepClone()) : null,
        };
    }

    /// <summary>Hints derived from the method, then any per-operation override from config (by operationId or "METHOD /path").</summary>
    private static ToolHints Hints(TaskOptions task, ApiOperation op)
    {
        var hints = ToolHints.For(op.Method);
        var o = (op.OperationId is not null ? task.Annotations.GetValueOrDefault(op.OperationId) : null) ?? task.Annotations.GetValueOrDefault(op.StableId);
        return o is null ? hints : new ToolHints(o.ReadOnly ?? hints.ReadOnly, o.Destructive ?? hints.Destructive,
            o.Idempotent ?? hints.Idempotent, o.OpenWorld ?? hints.OpenWorld);
    }

    /// <summary>{prefix}_{operation}, renamed by config, shortened with a hash, suffixed with a hash on collision.</summary>
    public static string ChooseName(TaskOptions task, ApiOperation op, ToolsOptions toolOptions, ISet<string> taken)
    {
        var stableId = $"{task.DisplayName}#{op.StableId}";
        var prefix = ToolNames.ToSnakeCase(task.ToolPrefix ?? task.TaskName);
        var operation = ToolNames.ToSnakeCase(op.OperationId ?? $"{op.Method} {op.PathTemplate}");
        var generated = string.IsNullOrEmpty(prefix) ? operation : $"{prefix}_{operation}";
        if (generated.Length == 0) generated = "op_" + ToolNames.ShortHash(stableId);

        foreach (var key in new[] { generated, $"{task.DisplayName}#{op.OperationId}", stableId })
            if (toolOptions.Rename.TryGetValue(key, out var renamed) && ToolNames.IsValid(renamed) && !taken.Contains(renamed))
                return renamed;

        var name = ToolNames.Shorten(generated, toolOptions.MaxNameLength, stableId);
        if (!taken.Contains(name)) return name;
        var hash = ToolNames.ShortHash(stableId);
        var stem = generated.Length + hash.Length + 1 > toolOptions.MaxNameLength
            ? generated[..(toolOptions.MaxNameLength - hash.Length - 1)].TrimEnd('_')
            : generated;
        name = $"{stem}_{hash}";
        for (var i = 2; taken.Contains(name); i++) name = $"{stem[..Math.Min(stem.Length, toolOptions.MaxNameLength - hash.Length - 4)]}_{hash}{i}";
        return name;
    }

    private static string Describe(CatalogTask task, ApiOperation op, int maxLength)
    {
        var what = string.Join("\n\n", new[] { op.Summary, op.Description }.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct());
        if (what.Length == 0) what = $"Calls {op.Method} {op.PathTemplate} of {task.Manifest?.Title ?? task.TaskName}.";
        var how = $"\n\nRuns `{op.Method} {op.PathTemplate}` as Truebit API task {task.Options.DisplayName} " +
                  "(a verifiable, billed execution that cannot be cancelled once started). Returns the API's JSON " +
                  "response in `output`; if the execution is still running you get an `executionId` to pass to truebit_get_execution.";
        if (op.Deprecated) what = "[Deprecated] " + what;
        var room = maxLength - how.Length;
        if (room < 40) return (what + how)[..maxLength];
        if (what.Length > room) what = what[..(room - 1)].TrimEnd() + "…";
        return what + how;
    }
}
