using TruebitMcp.Examples.DemoUpstream;

// Standalone: dotnet run --project examples/DemoUpstream -- http://127.0.0.1:5199
var url = args.FirstOrDefault() ?? "http://127.0.0.1:5199";
await using var server = await DemoUpstreamServer.StartAsync(url);
Console.Error.WriteLine($"Demo upstream API listening on {server.BaseAddress} (Ctrl+C to stop)");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
await done.Task;
