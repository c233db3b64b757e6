using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TruebitMcp.Hosting;

namespace TruebitMcp.Cli;

internal static class ServeCommand
{
    public static async Task<int> RunAsync(string? configPath, string transport, string? urls, IReadOnlyList<string> overrides, CancellationToken cancellationToken)
    {
        var config = CommandLine.LoadOrReport(configPath, overrides);
        if (config is null) return 2;
        await using var runtime = await ServerRuntime.StartAsync(config, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            if (transport == "http") return await HttpServer.RunAsync(runtime, urls, cancellationToken).ConfigureAwait(false);

            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            runtime.AddServices(builder.Services).WithStdioServerTransport();
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            runtime.Logger.Fatal(ex, "The server stopped on an error");
            return 1;
        }
    }
}
