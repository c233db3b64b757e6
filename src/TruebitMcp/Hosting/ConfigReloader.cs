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
internal sealed class ConfigReloader : BackgroundService
{
    private readonly ServerRuntime _runtime;
    private readonly ServerState _state;
    private readonly SecretRedactor _redactor;
    private readonly ILogger<ConfigReloader> _logger;
    // Taken when the host starts us, not when ExecuteAsync first runs (on a pool thread, possibly later):
    // an edit made in between must still count as a change.
    private readonly List<(string, DateTime, long)> _initialStamps;

    public ConfigReloader(ServerRuntime runtime, ServerState state, SecretRedactor redactor, ILogger<ConfigReloader> logger)
    {
        _runtime = runtime;
        _state = state;
        _redactor = redactor;
        _logger = logger;
        _initialStamps = Stamps();
    }

    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    /// <summary>How often file stamps are compared, in case the file system drops or cannot deliver change events.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var watchers = new List<FileSystemWatcher>();
        var stamps = _initialStamps;
        if (!Stamps().SequenceEqual(stamps)) changes.Writer.TryWrite("(changed before start)");
        Watch(watchers, changes.Writer);
        using var poll = new PeriodicTimer(PollInterval);
        var pollTask = PollAsync(poll, () => stamps, changes.Writer, stoppingToken);
        try
        {
            while (await changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(Debounce, stoppingToken).ConfigureAwait(false);
                while (changes.Reader.TryRead(out _)) { }
                var current = Stamps();
                if (current.SequenceEqual(stamps)) continue;
                stamps = current;
                if (Reload())
                {
                    Watch(watchers, changes.Writer);
                    stamps = Stamps();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            foreach (var w in watchers) w.Dispose();
            await pollTask.ConfigureAwait(false);
        }
    }

    /// <summary>The config file and every manifest it names.</summary>
    private string[] Files()
    {
        var options = _state.Current.Options;
        return [_runtime.Config.Options.SourceFile!, .. options.Tasks.Select(t => Path.GetFullPath(Path.Combine(options.BaseDirectory, t.Manifest)))];
    }

    private List<(string, DateTime, long)> Stamps() => Files().Select(f =>
    {
        var info = new FileInfo(f);
        return info.Exists ? (f, info.LastWriteTimeUtc, info.Length) : (f, DateTime.MinValue, -1L);
    }).ToList();

    private void Watch(List<FileSystemWatcher> watchers, System.Threading.Channels.ChannelWriter<string> changes)
    {
        foreach (var w in watchers) w.Dispose();
        watchers.Clear();
        try
        {
            foreach (var dir in Files().GroupBy(f => Path.GetDirectoryName(f)!))
            {
                if (!Directory.Exists(dir.Key)) continue;
                var names = dir.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
                var w = new FileSystemWatcher(dir.Key) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
                FileSystemEventHandler onChange = (_, e) => { if (names.Contains(e.Name)) changes.TryWrite(e.FullPath); };
                w.Changed += onChange;
                w.Created += onChange;
                w.Renamed += (_, e) => { if (names.Contains(e.Name)) changes.TryWrite(e.FullPath); };
                w.EnableRaisingEvents = true;
                watchers.Add(w);
            }
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Cannot watch the config files ({Reason}); checking them every {Seconds} s instead", ex.Message, PollInterval.TotalSeconds);
        }
    }

    private async Task PollAsync(PeriodicTimer timer, Func<List<(string, DateTime, long)>> known, System.Threading.Channels.ChannelWriter<string> changes,
        CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                if (!Stamps().SequenceEqual(known())) changes.TryWrite("(poll)");
        }
        catch (OperationCanceledException) { }
    }

    private bool Reload()
    {
        try
        {
            var loaded = _runtime.Config.Reload();
            var catalog = TaskCatalogBuilder.Build(loaded.Options, _logger);
            if (catalog.Problems.Any(p => p.Fatal))
            {
                _logger.LogError("Reload refused, keeping the previous {Count} tool(s): {Problems}", _state.Current.Catalog.Tools.Count,
                    string.Join("; ", catalog.Problems.Where(p => p.Fatal)));
                return false;
            }
            var previous = _state.Current.Options;
            if (previous.Dispatcher.Url != loaded.Options.Dispatcher.Url || previous.Dispatcher.ApiKey != loaded.Options.Dispatcher.ApiKey)
                _logger.LogWarning("Dispatcher settings changed; restart the server for them to take effect");
            if (!previous.Http.Tokens.Select(t => (t.Name, t.Token)).SequenceEqual(loaded.Options.Http.Tokens.Select(t => (t.Name, t.Token))))
                _logger.LogWarning("http.tokens changed; restart the server for them to take effect (a removed token still works until then)");
            _redactor.Add(loaded.Secrets);
            _state.Replace(ServerSnapshot.From(loaded.Options, catalog));
            _logger.LogInformation("Reloaded configuration: {Tasks} task(s), {Tools} operation tool(s)", catalog.Tasks.Count, catalog.Tools.Count);
            return true;
        }
        catch (ConfigException ex)
        {
            _logger.LogError("Reload refused, keeping the previous tool set: {Reason}", ex.Message);
            return false;
        }
    }
}
