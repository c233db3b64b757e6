using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Security;
using TruebitMcp.LocalDispatcher;
using Serilog.Extensions.Logging;

namespace TruebitMcp.Cli;

internal static class LocalDispatcherCommand
{
    public static async Task<int> RunAsync(string? configPath, string urls, IReadOnlyList<string> overrides, CancellationToken cancellationToken)
    {
        var config = CommandLine.LoadOrReport(configPath, overrides);
        if (config is null) return 2;
        var hasKey = !string.IsNullOrEmpty(config.Options.Dispatcher.ApiKey);
        if (!hasKey && Hosting.Http.ListenAddresses.Split(urls).Any(u => !Hosting.Http.ListenAddresses.IsLoopback(u)))
        {
            Console.Error.WriteLine($"truebit-mcp: refusing to serve the local dispatcher on {urls} without an API key: anyone who can reach it " +
                                    "could run the configured tasks. Set TRUEBIT_API_KEY (or dispatcher.apiKey), or bind to 127.0.0.1.");
            return 2;
        }
        using var logger = Hosting.Logging.Create(config.Options.Logging, new SecretRedactor(config.Secrets));
        var loggerFactory = new SerilogLoggerFactory(logger);
        var catalog = TaskCatalogBuilder.Build(config.Options, loggerFactory.CreateLogger("TruebitMcp.Catalog"));
        var options = new LocalDispatcherOptions { ApiKeys = config.Options.Dispatcher.ApiKey is { Length: > 0 } k ? [k] : [] };
        await using var app = await LocalDispatcher.LocalDispatcherApp.StartAsync(() => catalog, options, urls, loggerFactory, cancellationToken).ConfigureAwait(false);
        logger.Information("Local Truebit dispatcher on {Address} with {Tasks} task(s); API key {KeyMode}", app.BaseAddress, catalog.Tasks.Count,
            options.ApiKeys.Count == 0 ? "not required" : "required");
        try { await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        return 0;
    }
}
