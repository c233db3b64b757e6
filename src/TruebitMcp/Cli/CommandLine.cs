using System.CommandLine;
using TruebitMcp.Core.Configuration;

namespace TruebitMcp.Cli;

/// <summary>
/// truebit-mcp [serve] [--transport stdio|http] [--urls URL] | tools | check | local-dispatcher.
/// Every command takes --config; any further --section:key=value token overrides that config key.
/// </summary>
internal static class CommandLine
{
    public static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = $"Config file (default: ${ConfigLoader.ConfigEnvVar}, else ./{ConfigLoader.DefaultFileName}).",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var transport = new Option<string>("--transport", "-t")
        {
            Description = "stdio (IDE and desktop hosts) or http (Streamable HTTP on /mcp).",
            DefaultValueFactory = _ => "stdio",
        };
        transport.AcceptOnlyFromAmong("stdio", "http");
        var urls = new Option<string?>("--urls") { Description = "HTTP listen URL(s), e.g. http://127.0.0.1:5080 (http transport only)." };

        var serve = new Command("serve", "Run the MCP server (default command).") { transport, urls };
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction((parse, ct) => ServeCommand.RunAsync(parse.GetValue(Config), parse.GetValue(transport)!, parse.GetValue(urls), parse.UnmatchedTokens, ct));

        var tools = new Command("tools", "Print the tools this configuration publishes (name, title, schemas) as JSON.");
        tools.TreatUnmatchedTokensAsErrors = false;
        tools.SetAction((parse, ct) => InspectCommands.ToolsAsync(parse.GetValue(Config), parse.UnmatchedTokens, ct));

        var check = new Command("check", "Validate the configuration and every manifest; print each problem; exit 1 if there is any.");
        check.TreatUnmatchedTokensAsErrors = false;
        check.SetAction((parse, ct) => InspectCommands.CheckAsync(parse.GetValue(Config), parse.UnmatchedTokens, ct));

        var dispatcherUrls = new Option<string>("--urls")
        {
            Description = "Listen URL of the local dispatcher.",
            DefaultValueFactory = _ => "http://127.0.0.1:5090",
        };
        var localDispatcher = new Command("local-dispatcher", "Run the Truebit-compatible local dispatcher for the configured tasks.") { dispatcherUrls };
        localDispatcher.TreatUnmatchedTokensAsErrors = false;
        localDispatcher.SetAction((parse, ct) => LocalDispatcherCommand.RunAsync(parse.GetValue(Config), parse.GetValue(dispatcherUrls)!, parse.UnmatchedTokens, ct));

        var root = new RootCommand("truebit-mcp — an MCP server that publishes Truebit API tasks as tools.")
        {
            Config, serve, tools, check, localDispatcher,
        };
        root.Options.Add(transport);
        root.Options.Add(urls);
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((parse, ct) => ServeCommand.RunAsync(parse.GetValue(Config), parse.GetValue(transport)!, parse.GetValue(urls), parse.UnmatchedTokens, ct));
        return root;
    }

    /// <summary>Tokens that are neither "--section:key=value" nor "--section:key value" (a typo such as "srve").</summary>
    private static List<string> UnknownArguments(IReadOnlyList<string> tokens)
    {
        var unknown = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var isKey = t.StartsWith("--", StringComparison.Ordinal) && t.Length > 2 && t.IndexOf(':') > 2 &&
                        (t.IndexOf('=') < 0 || t.IndexOf(':') < t.IndexOf('='));
            if (!isKey) { unknown.Add(t); continue; }
            if (!t.Contains('=') && i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal)) i++;
        }
        return unknown;
    }

    /// <summary>Loads the configuration or prints every problem to stderr; null means exit code 2.</summary>
    public static LoadedConfig? LoadOrReport(string? configPath, IReadOnlyList<string> overrides)
    {
        if (UnknownArguments(overrides) is { Count: > 0 } unknown)
        {
            Console.Error.WriteLine($"truebit-mcp: unknown argument(s): {string.Join(" ", unknown)}");
            Console.Error.WriteLine("  config overrides look like --section:key=value (e.g. --dispatcher:url=local); see truebit-mcp --help");
            return null;
        }
        try
        {
            return ConfigLoader.Load(configPath, overrides);
        }
        catch (ConfigException ex)
        {
            Console.Error.WriteLine("truebit-mcp: the configuration cannot be used:");
            foreach (var e in ex.Errors) Console.Error.WriteLine($"  - {e}");
            return null;
        }
    }
}
