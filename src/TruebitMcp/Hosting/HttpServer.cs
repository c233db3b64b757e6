namespace TruebitMcp.Hosting;

/// <summary>Streamable HTTP transport.</summary>
internal static class HttpServer
{
    public static Task<int> RunAsync(ServerRuntime runtime, string? urls, CancellationToken cancellationToken)
    {
        runtime.Logger.Error("The http transport is not available in this build yet; use --transport stdio");
        return Task.FromResult(1);
    }
}
