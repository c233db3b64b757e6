using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Serilog.Core;
using Serilog.Events;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Examples.DemoUpstream;
using TruebitMcp.Hosting;
using TruebitMcp.LocalDispatcher;

namespace TruebitMcp.Tests;

/// <summary>
/// A real server (embedded local dispatcher, demo config) and a real MCP client talking over in-memory pipes,
/// with the demo API as the task's target on loopback. Every log line the server writes is captured.
/// </summary>
internal sealed class McpServerHarness : IAsyncDisposable
{
    private IHost _host = null!;

    public DemoUpstreamServer Upstream { get; private set; } = null!;
    public ServerRuntime Runtime { get; private set; } = null!;
    public McpClient Client { get; private set; } = null!;
    public CapturingSink Logs { get; } = new();
    public ConcurrentBag<ProgressNotificationParams> Progress { get; } = [];
    public int ToolListChanges => _toolListChanges;

    /// <summary>execute-by-name requests the server sent to its dispatcher (from its Debug log).</summary>
    public int ExecuteRequests => Logs.Lines.Count(l => l.StartsWith("Dispatcher ", StringComparison.Ordinal) && l.Contains("task/api/execute-by-name", StringComparison.Ordinal));
    private int _toolListChanges;

    public static async Task<McpServerHarness> StartAsync(
        string? configPath = null,
        Dictionary<string, string?>? env = null,
        string[]? overrides = null,
        LocalDispatcherOptions? localDispatcher = null,
        string? protocolVersion = null,
        bool watchFiles = false)
    {
        var h = new McpServerHarness();
        h.Upstream = await DemoUpstreamServer.StartAsync();
        var vars = new Dictionary<string, string?>(env ?? []) { ["DEMO_UPSTREAM_URL"] = h.Upstream.BaseAddress.ToString().TrimEnd('/') };
        // Verbose logging always: some tests count the dispatcher requests the server logs at Debug.
        var config = ConfigLoader.Load(configPath ?? TestPaths.DemoConfig, ["--logging:level=Verbose", "--execution:pollInitialDelayMs=50", .. overrides ?? []],
            name => vars.TryGetValue(name, out var v) ? v : null);
        h.Runtime = await ServerRuntime.StartAsync(config, new RuntimeOverrides
        {
            ExtraLogSink = h.Logs,
            LocalDispatcher = localDispatcher,
            ReadRetryDelay = TimeSpan.FromMilliseconds(20),
            WatchFiles = watchFiles,
        });

        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        h.Runtime.AddServices(builder.Services).WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        h._host = builder.Build();
        await h._host.StartAsync();

        var options = new McpClientOptions
        {
            ProtocolVersion = protocolVersion,
            InitializationTimeout = TimeSpan.FromSeconds(60),
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(NotificationMethods.ToolListChangedNotification, (_, _) =>
                    {
                        Interlocked.Increment(ref h._toolListChanges);
                        return ValueTask.CompletedTask;
                    }),
                    new(NotificationMethods.ProgressNotification, (n, _) =>
                    {
                        if (n.Params?.Deserialize<ProgressNotificationParams>(ModelContextProtocol.McpJsonUtilities.DefaultOptions) is { } p) h.Progress.Add(p);
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        h.Client = await McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()), options);
        return h;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
        await Runtime.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    /// <summary>Every log event rendered to text (message and exception).</summary>
    internal sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<string> _lines = new();
        public IReadOnlyCollection<string> Lines => _lines;
        public void Emit(LogEvent logEvent) =>
            _lines.Enqueue(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " " + logEvent.Exception + " " +
                           string.Join(" ", logEvent.Properties.Select(p => p.Value.ToString())));
    }
}
