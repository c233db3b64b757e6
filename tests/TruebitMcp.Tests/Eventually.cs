namespace TruebitMcp.Tests;

/// <summary>Waits for something another thread or process makes true; fails with an explanation after a bound.</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, Func<string>? explain = null, int timeoutMs = 10_000)
    {
        for (var waited = 0; waited < timeoutMs && !condition(); waited += 25) await Task.Delay(25);
        Assert.True(condition(), explain?.Invoke());
    }
}
