namespace TruebitMcp.Benchmarks;

internal static class Paths
{
    public static string RepoRoot { get; } = Find();
    public static string DemoConfig => Path.Combine(RepoRoot, "examples", "demo", "truebit-mcp.json");

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TruebitMcp.sln"))) return dir.FullName;
        throw new InvalidOperationException("run from inside the repository");
    }
}
