using TruebitMcp.Core.Configuration;

namespace TruebitMcp.Core.Manifests;

/// <summary>A configured task and its manifest (or why the manifest could not be read).</summary>
public sealed record CatalogTask(TaskOptions Options, ApiManifest? Manifest, string? Error)
{
    public string Namespace => Options.Namespace;
    public string TaskName => Options.TaskName;
    /// <summary>Base URL of upstream calls: the configured override, else the manifest's servers[0].url.</summary>
    public string? ServerUrl => Options.ServerUrl is { Length: > 0 } s ? s : Manifest?.ServerUrl;
}

/// <summary>A problem found while building the catalogue; <see cref="Fatal"/> ones fail <c>check</c>.</summary>
public sealed record CatalogProblem(string Where, string Message, bool Fatal = true)
{
    public override string ToString() => $"{Where}: {Message}";
}

/// <summary>The configured tasks with their manifests and the tools published for them; immutable once built.</summary>
public sealed class TaskCatalog
{
    public required IReadOnlyList<CatalogTask> Tasks { get; init; }
    public required IReadOnlyList<OperationTool> Tools { get; init; }
    public required IReadOnlyList<CatalogProblem> Problems { get; init; }

    public static TaskCatalog Empty { get; } = new() { Tasks = [], Tools = [], Problems = [] };

    public CatalogTask? FindTask(string ns, string taskName) =>
        Tasks.FirstOrDefault(t => t.Namespace == ns && t.TaskName == taskName);

    public OperationTool? FindTool(string name) => Tools.FirstOrDefault(t => t.Name == name);
}
