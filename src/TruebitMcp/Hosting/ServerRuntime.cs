using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Serilog;
using Serilog.Core;
using Serilog.Extensions.Logging;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Dispatcher;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Security;
using TruebitMcp.LocalDispatcher;
using TruebitMcp.Resources;
using TruebitMcp.Tools;

namespace TruebitMcp.Hosting;

/// <summary>Knobs tests and the demo use; production runs with the defaults.</summary>
public sealed class RuntimeOverrides
{
    /// <summary>Extra log sink (tests read every line the server logs).</summary>
    public ILogEventSink? ExtraLogSink { get; init; }
    public LocalDispatcherOptions? LocalDispatcher { get; init; }
    public TimeSpan? ReadRetryDelay { get; init; }
    public bool WatchFiles { get; init; } = true;
}

/// <summary>
/// Everything one server process needs before any transport starts: configuration, redactor, logging, catalogue,
/// the embedded local dispatcher when <c>dispatcher.url</c> is <c>local</c>. Transports add it to their services.
/// </summary>
public sealed class ServerRuntime : IAsyncDisposable
{
    private readonly LocalDispatcherApp? _local;

    private ServerRuntime(LoadedConfig config, SecretRedactor redactor, Serilog.Core.Logger logger, ServerState state,
        DispatcherEndpoint endpoint, LocalDispatcherApp? local, RuntimeOverrides overrides)
    {
        Config = config;
        Redactor = redactor;
        Logger = logger;
        State = state;
        Endpoint = endpoint;
        _local = local;
        Overrides = overrides;
        LoggerFactory = new SerilogLoggerFactory(logger);
    }

    public LoadedConfig Config { get; }
    public SecretRedactor Redactor { get; }
    public Serilog.Core.Logger Logger { get; }
    public ILoggerFactory LoggerFactory { get; }
    public ServerState State { get; }
    public DispatcherEndpoint Endpoint { get; }
    public RuntimeOverrides Overrides { get; }

    public static async Task<ServerRuntime> StartAsync(LoadedConfig config, RuntimeOverrides? overrides = null, CancellationToken cancellationToken = default)
    {
        overrides ??= new RuntimeOverrides();
        var options = config.Options;
        // The embedded dispatcher listens on loopback; with no key configured it gets a random one for this process,
        // so other local programs and browser pages cannot start executions through it.
        var localKey = options.Dispatcher.IsLocal && string.IsNullOrEmpty(options.Dispatcher.ApiKey)
            ? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))
            : options.Dispatcher.ApiKey;
        var redactor = new SecretRedactor(localKey is null ? config.Secrets : config.Secrets.Append(localKey));
        var logger = Logging.Create(options.Logging, redactor, overrides.ExtraLogSink);
        var loggerFactory = new SerilogLoggerFactory(logger);

        var catalog = TaskCatalogBuilder.Build(options, loggerFactory.CreateLogger("TruebitMcp.Catalog"));
        var state = new ServerState(ServerSnapshot.From(options, catalog));

        LocalDispatcherApp? local = null;
        DispatcherEndpoint endpoint;
        if (options.Dispatcher.IsLocal)
        {
            var localOptions = overrides.LocalDispatcher ?? new LocalDispatcherOptions { ApiKeys = [localKey!] };
            local = await LocalDispatcherApp.StartAsync(() => state.Current.Catalog, localOptions, "http://127.0.0.1:0", loggerFactory, cancellationToken)
                .ConfigureAwait(false);
            endpoint = new DispatcherEndpoint(local.BaseAddress, localKey);
            logger.Information("Embedded local dispatcher listening on {Address}", local.BaseAddress);
        }
        else
        {
            endpoint = new DispatcherEndpoint(new Uri(options.Dispatcher.Url), options.Dispatcher.ApiKey);
        }
        logger.Information("Loaded {Tasks} task(s), {Tools} operation tool(s) from {Config}", catalog.Tasks.Count, catalog.Tools.Count, options.SourceFile);
        return new ServerRuntime(config, redactor, logger, state, endpoint, local, overrides);
    }

    /// <summary>Registers the server's services and MCP options (tools, resources, identity). The caller adds a transport.</summary>
    public IMcpServerBuilder AddServices(IServiceCollection services)
    {
        services.AddSingleton(this);
        services.AddSingleton(Config);
        services.AddSingleton(Redactor);
        services.AddSingleton(State);
        services.AddSingleton(Endpoint);
        services.AddSingleton(TimeProvider.System);
        // Serilog applies logging.level; the Microsoft.Extensions.Logging filter must let everything through to it.
        services.AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new SerilogLoggerProvider(Logger)));
        services.AddTruebitDispatcher(TimeSpan.FromSeconds(Config.Options.Dispatcher.RequestTimeoutSeconds),
            Config.Options.Dispatcher.ReadRetries, Overrides.ReadRetryDelay);
        services.AddSingleton<ExecutionGovernor>();
        services.AddSingleton<TaskExecutionService>();
        services.AddSingleton<ExecuteTaskTool>();
        services.AddSingleton<GetExecutionTool>();
        services.AddSingleton<ListTasksTool>();
        services.AddSingleton<DescribeTaskTool>();
        services.AddSingleton<GetTranscriptTool>();
        services.AddSingleton<ToolRegistry>();
        services.AddSingleton<ManifestResource>();
        if (Overrides.WatchFiles && Config.Options.SourceFile is not null) services.AddHostedService<ConfigReloader>();

        var builder = services.AddMcpServer(o =>
        {
            o.ServerInfo = new Implementation { Name = "truebit-mcp", Title = "Truebit MCP server", Version = ServerVersion };
            o.ServerInstructions =
                "Tools named after a task's operations run that API call through Truebit (verifiable, billed). " +
                "truebit_list_tasks shows what is configured; truebit_execute_task runs any task by name; " +
                "truebit_get_execution checks an execution that is still running; truebit_get_transcript returns its verification record.";
        });
        services.AddOptions<McpServerOptions>().Configure<ToolRegistry, ManifestResource, ITruebitDispatcher>((o, registry, manifests, dispatcher) =>
        {
            o.ToolCollection = registry.Tools;
            o.ResourceCollection = [manifests, new ExecutionResource(dispatcher, Redactor, transcript: false), new ExecutionResource(dispatcher, Redactor, transcript: true)];
            o.PromptCollection = [.. Prompts.TruebitPrompts.All()];
            o.Handlers.ListResourcesHandler = (_, _) => ValueTask.FromResult(new ListResourcesResult { Resources = manifests.ListConcrete().ToList() });
        });
        return builder;
    }

    public static string ServerVersion =>
        typeof(ServerRuntime).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public async ValueTask DisposeAsync()
    {
        if (_local is not null) await _local.DisposeAsync().ConfigureAwait(false);
        await Logger.DisposeAsync().ConfigureAwait(false);
    }
}
