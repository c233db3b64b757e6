using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace TruebitMcp.Core.Dispatcher;

public static class DispatcherServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITruebitDispatcher"/> with two named HttpClients: execute (no retries — an execution is
    /// not idempotent and is billed) and read (status/transcript; transient failures retried with backoff).
    /// </summary>
    public static IServiceCollection AddTruebitDispatcher(this IServiceCollection services, TimeSpan requestTimeout, int readRetries,
        TimeSpan? retryDelay = null)
    {
        services.AddHttpClient(TruebitDispatcherClient.ExecuteClientName, c => c.Timeout = requestTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        var read = services.AddHttpClient(TruebitDispatcherClient.ReadClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        read.AddResilienceHandler("truebit-read", builder =>
        {
            if (readRetries > 0)
            {
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = readRetries,
                    Delay = retryDelay ?? TimeSpan.FromMilliseconds(500),
                    BackoffType = Polly.DelayBackoffType.Exponential,
                    UseJitter = true,
                });
            }
            builder.AddTimeout(TimeSpan.FromSeconds(30));
        });
        services.AddSingleton<ITruebitDispatcher, TruebitDispatcherClient>();
        return services;
    }
}
