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
