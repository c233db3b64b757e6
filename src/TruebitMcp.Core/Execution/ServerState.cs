using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Core.Execution;

/// <summary>One consistent view of configuration and catalogue; replaced as a whole on reload.</summary>
public sealed record ServerSnapshot(TruebitMcpOptions Options, TaskCatalog Catalog, HeaderPolicy Headers)
{
    public static ServerSnapshot From(TruebitMcpOptions options, TaskCatalog catalog) =>
        new(options, catalog, new HeaderPolicy(options.Headers, options.AgentHeaders));
}

/// <summary>Holds the current <see cref="ServerSnapshot"/>; readers take it once per call so a reload never mixes two views.</summary>
public sealed class ServerState(ServerSnapshot initial)
{
    private ServerSnapshot _current = initial;

    public ServerSnapshot Current => Volatile.Read(ref _current);

    public event Action<ServerSnapshot>? Changed;

    public void Replace(ServerSnapshot next)
    {
        Volatile.Write(ref _current, next);
        Changed?.Invoke(next);
    }
}
