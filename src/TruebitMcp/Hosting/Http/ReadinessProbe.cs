namespace TruebitMcp.Hosting.Http;

/// <summary>
/// /readyz: the catalogue has no fatal problems and, for a remote dispatcher, the dispatcher answers HTTP at all
/// (any status counts; only a connection failure or timeout does not). Reasons never carry URLs or secrets.
/// </summary>
internal sealed class ReadinessProbe(ServerRuntime runtime, IHttpClientFactory httpClients)
{
    public const string ClientName = "truebit-readiness";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<string?> FindProblemAsync(CancellationToken cancellationToken)
    {
        var fatal = runtime.State.Current.Catalog.Problems.Count(p => p.Fatal);
        if (fatal > 0) return $"the task catalogue has {fatal} fatal problem(s); run `truebit-mcp check`";
        if (runtime.Config.Options.Dispatcher.IsLocal) return null;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, runtime.Endpoint.BaseAddress);
            using var response = await httpClients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return "the Truebit dispatcher does not answer";
        }
    }
}
