using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Hosting;

/// <summary>
/// Rebuilds the catalogue when the config file or a manifest changes. A broken edit keeps the last good tool set
/// and logs why. Dispatcher settings are read at start-up only; changing them needs a restart (logged).
/// </summary>
internal sealed class ConfigReloader(ServerRuntime runtime, ServerState state, SecretRedactor redactor, ILogger<ConfigReloader> logger) : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var configFile = runtime.Config.Options.SourceFile!;
        var changes = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var watchers = new List<FileSystemWatcher>();
        void Watch()
        {
            foreach (var w in watchers) w.Dispose();
            watchers.Clear();
            var options = state.Current.Options;
            var files = new[] { configFile }.Concat(options.Tasks.Select(t => Path.GetFullPath(Path.Combine(options.BaseDirectory, t.Manifest))));
            foreach (var dir in files.GroupBy(f => Path.GetDirectoryName(f)!))
            {
                if (!Directory.Exists(dir.Key)) continue;
                var names = dir.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
                var w = new FileSystemWatcher(dir.Key) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
                FileSystemEventHandler onChange = (_, e) => { if (names.Contains(e.Name)) changes.Writer.TryWrite(e.FullPath); };
                w.Changed += onChange;
                w.Created += onChange;
                w.Renamed += (_, e) => { if (names.Contains(e.Name)) changes.Writer.TryWrite(e.FullPath); };
                w.EnableRaisingEvents = true;
                watchers.Add(w);
            }
        }

        Watch();
        try
        {
            while (await changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(Debounce, stoppingToken).ConfigureAwait(false);
                while (changes.Reader.TryRead(out _)) { }
                if (Reload()) Watch();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            foreach (var w in watchers) w.Dispose();
        }
    }

    private bool Reload()
    {
        try
        {
            var loaded = runtime.Config.Reload();
            var catalog = TaskCatalogBuilder.Build(loaded.Options, logger);
            if (catalog.Problems.Any(p => p.Fatal))
            {
                logger.LogError("Reload refused, keeping the previous {Count} tool(s): {Problems}", state.Current.Catalog.Tools.Count,
                    string.Join("; ", catalog.Problems.Where(p => p.Fatal)));
                return false;
            }
            var previous = state.Current.Options;
            if (previous.Dispatcher.Url != loaded.Options.Dispatcher.Url || previous.Dispatcher.ApiKey != loaded.Options.Dispatcher.ApiKey)
                logger.LogWarning("Dispatcher settings changed; restart the server for them to take effect");
            if (!previous.Http.Tokens.Select(t => (t.Name, t.Token)).SequenceEqual(loaded.Options.Http.Tokens.Select(t => (t.Name, t.Token))))
                logger.LogWarning("http.tokens changed; restart the server for them to take effect (a removed token still works until then)");
            redactor.Add(loaded.Secrets);
            state.Replace(ServerSnapshot.From(loaded.Options, catalog));
            logger.LogInformation("Reloaded configuration: {Tasks} task(s), {Tools} operation tool(s)", catalog.Tasks.Count, catalog.Tools.Count);
            return true;
        }
        catch (ConfigException ex)
        {
            logger.LogError("Reload refused, keeping the previous tool set: {Reason}", ex.Message);
            return false;
        }
    }
}
