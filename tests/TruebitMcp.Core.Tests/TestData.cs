namespace TruebitMcp.Core.Tests;

/// <summary>Locates the files copied to the output directory under TestData/.</summary>
internal static class TestFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData");
    public static string Path_(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Every manifest in TestData: JSON/YAML files that are not *.input.json and not documentation.</summary>
    public static IEnumerable<string> AllManifests() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Where(f => !f.EndsWith(".input.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
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
