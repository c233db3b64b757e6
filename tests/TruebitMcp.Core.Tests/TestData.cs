namespace TruebitMcp.Core.Tests;

/// <summary>Locates the files copied to the output directory under TestData/.</summary>
internal static class TestFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData");
    public static string Path_(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Folder of the larger public OpenAPI documents (hundreds of KB each), kept out of <see cref="AllManifests"/>.</summary>
    public static string LargeCorpus => Path_("openapi-corpus", "large");

    /// <summary>Every small manifest in TestData: JSON/YAML files that are not *.input.json, not documentation and not in <see cref="LargeCorpus"/>.</summary>
    public static IEnumerable<string> AllManifests() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Where(f => !f.EndsWith(".input.json", StringComparison.Ordinal))
            .Where(f => !f.StartsWith(LargeCorpus + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>The larger public OpenAPI documents under <see cref="LargeCorpus"/>.</summary>
    public static IEnumerable<string> LargeManifests() =>
        Directory.EnumerateFiles(LargeCorpus, "*", SearchOption.TopDirectoryOnly)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>The clone's root: the nearest folder above the test binaries that holds TruebitMcp.sln (null when run elsewhere).</summary>
    public static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TruebitMcp.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>Manifests shipped in the repository's examples/ folder.</summary>
    public static IEnumerable<string> ExampleManifests()
    {
        if (RepoRoot() is not { } root) return [];
        var examples = Path.Combine(root, "examples");
        var demo = Path.Combine(examples, "demo", "manifests");
        var truebit = Path.Combine(examples, "truebit-examples");
        var files = new List<string>();
        if (Directory.Exists(demo)) files.AddRange(Directory.EnumerateFiles(demo, "*.json"));
        if (Directory.Exists(truebit))
            files.AddRange(Directory.EnumerateFiles(truebit, "*.json", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f).Contains("manifest", StringComparison.OrdinalIgnoreCase)));
        return files.Order(StringComparer.Ordinal);
    }

    /// <summary>The shared manifests folder beside the clone (../shared/manifests), or null when it is absent.</summary>
    public static string? SharedManifestsFolder() =>
        RepoRoot() is { } root && Path.GetFullPath(Path.Combine(root, "..", "shared", "manifests")) is var dir && Directory.Exists(dir) ? dir : null;

    /// <summary>Every OpenAPI document under ../shared/manifests (JSON/YAML naming "openapi", not *.input.json).</summary>
    public static IEnumerable<string> SharedManifests()
    {
        if (SharedManifestsFolder() is not { } dir) return [];
        return Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => !f.EndsWith(".input.json", StringComparison.Ordinal))
            .Where(f => LooksLikeOpenApi(f))
            .Order(StringComparer.Ordinal);
    }

    private static bool LooksLikeOpenApi(string path)
    {
        var text = File.ReadAllText(path);
        return text.Contains("\"openapi\"", StringComparison.Ordinal) || text.Contains("openapi:", StringComparison.Ordinal);
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "truebit-mcp-tests-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public string Write(string name, string content)
    {
        var full = System.IO.Path.Combine(Path, name);
        File.WriteAllText(full, content);
        return full;
    }
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
