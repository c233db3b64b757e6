using ModelContextProtocol.Client;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Security;
using TruebitMcp.Examples.DemoUpstream;

namespace TruebitMcp.Tests;

/// <summary>Secrets are scrubbed from every log line whatever way they got in, and from the CLI's output and the log file.</summary>
public sealed class LoggingRedactionTests
{
    private const string Secret = "CANARY-log+secret/42";

    [Fact]
    public void Interpolated_messages_objects_and_exceptions_are_scrubbed()
    {
        var sink = new McpServerHarness.CapturingSink();
        using (var logger = Hosting.Logging.Create(new LoggingOptions { Level = "Verbose" }, new SecretRedactor(SecretForms.Of(Secret)), sink))
        {
            logger.Information("interpolated " + Secret);
            logger.Debug("as an object {Target}", new Uri("http://example.test/?k=" + Uri.EscapeDataString(Secret)));
            logger.Warning(new InvalidOperationException("failed with " + Secret), "with an exception");
            logger.Information("as a property {Value}", Secret);
        }
        Assert.Equal(4, sink.Lines.Count);
        Assert.DoesNotContain(sink.Lines, l => l.Contains("CANARY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_cli_output_and_the_log_file_hold_no_secret()
    {
        var dir = Directory.CreateTempSubdirectory("truebit-mcp-logs");
        var logFile = Path.Combine(dir.FullName, "server.log");
        await using var upstream = await DemoUpstreamServer.StartAsync();
        var env = new Dictionary<string, string?>
        {
            ["DEMO_UPSTREAM_URL"] = upstream.BaseAddress.ToString().TrimEnd('/'),
            ["DEMO_TOKEN"] = Secret,
        };
        string[] common = ["--config", TestPaths.DemoConfig, "--logging:level=Verbose", $"--logging:file={logFile}"];

        await using (var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [TestPaths.ServerDll, .. common],
            EnvironmentVariables = env,
        })))
        {
            var echo = await client.CallToolAsync("notes_echo_headers", new Dictionary<string, object?>());
            Assert.NotEqual(true, echo.IsError);
        }
        Assert.Equal(Secret, upstream.Requests.Single()["headers"]!["x-demo-token"]!.GetValue<string>());

        foreach (var command in new[] { "tools", "check" })
        {
            var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in (string[])[TestPaths.ServerDll, command, .. common]) psi.ArgumentList.Add(a);
            foreach (var (k, v) in env) psi.Environment[k] = v;
            using var process = System.Diagnostics.Process.Start(psi)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.False(output.Contains("CANARY", StringComparison.Ordinal), $"{command} printed a secret");
        }

        await Eventually.True(() => Directory.GetFiles(dir.FullName).Length > 0);
        var logged = string.Concat(Directory.GetFiles(dir.FullName).Select(f => File.ReadAllText(f)));
        Assert.Contains("Executing", logged);
        Assert.DoesNotContain("CANARY", logged);
        dir.Delete(recursive: true);
    }
}
