namespace TruebitMcp.Tests;

internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();
    public static string DemoConfig => Path.Combine(RepoRoot, "examples", "demo", "truebit-mcp.json");
    public static string SnapshotDir => Path.Combine(RepoRoot, "tests", "TruebitMcp.Tests", "__toolsnaps__");
    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "truebit-mcp.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TruebitMcp.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (TruebitMcp.sln) not found above " + AppContext.BaseDirectory);
    }
}
