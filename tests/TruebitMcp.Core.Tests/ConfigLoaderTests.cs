using TruebitMcp.Core.Configuration;

namespace TruebitMcp.Core.Tests;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempDir _dir = new();
    private const string Manifest = """{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}}""";

    public ConfigLoaderTests() => _dir.Write("manifest.json", Manifest);
    public void Dispose() => _dir.Dispose();

    private static Func<string, string?> Env(params (string Name, string Value)[] vars)
    {
        var d = vars.ToDictionary(v => v.Name, v => v.Value);
        return name => d.GetValueOrDefault(name);
    }

    private string Config(string json) => _dir.Write("truebit-mcp.json", json);

    private static ConfigException LoadFails(string path, Func<string, string?> env) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Load(path, env: env));

    private const string ValidTask = """{"namespace":"62faaf33","taskName":"api3","manifest":"manifest.json"}""";

    [Fact]
    public void Loads_a_valid_local_config()
    {
        var loaded = ConfigLoader.Load(Config($$"""{"dispatcher":{"url":"local"},"tasks":[{{ValidTask}}]}"""), env: Env());
        Assert.True(loaded.Options.Dispatcher.IsLocal);
        var task = Assert.Single(loaded.Options.Tasks);
        Assert.Equal("api3", task.TaskName);
        Assert.Equal(_dir.Path, loaded.Options.BaseDirectory);
    }

    [Fact]
    public void Missing_file_is_reported_with_the_path()
    {
        var missing = System.IO.Path.Combine(_dir.Path, "nope.json");
        var ex = LoadFails(missing, Env());
        var error = Assert.Single(ex.Errors);
        Assert.Contains("nope.json", error.Problem);
        Assert.Contains("does not exist", error.Problem);
    }

    [Fact]
    public void Invalid_json_names_line_and_position()
    {
        var path = Config("{\n  \"dispatcher\": {\n    \"url\": \"local\",,\n  }\n}");
        var ex = LoadFails(path, Env());
        var error = Assert.Single(ex.Errors);
        Assert.Contains("not valid JSON", error.Problem);
        Assert.Matches(@"line 3, position \d+", error.Problem);
    }

    [Fact]
    public void Missing_task_name_is_reported_at_its_path()
    {
        var path = Config("""{"tasks":[{"namespace":"62faaf33","manifest":"manifest.json"}]}""");
        var ex = LoadFails(path, Env());
        Assert.Contains(ex.Errors, e => e.Path == "tasks[0].taskName" && e.Problem.Contains("missing"));
        Assert.Contains("tasks[0].taskName", ex.Message);
    }

    [Fact]
    public void Missing_manifest_file_is_reported_at_its_path()
    {
        var path = Config("""{"tasks":[{"namespace":"62faaf33","taskName":"a","manifest":"absent.json"}]}""");
        var ex = LoadFails(path, Env());
        Assert.Contains(ex.Errors, e => e.Path == "tasks[0].manifest" && e.Problem.Contains("absent.json"));
    }

    [Fact]
    public void Unset_env_placeholder_names_the_variable_and_the_key_path()
    {
        var path = Config($$"""{"dispatcher":{"url":"https://run.truebit.network","apiKey":"${env:MY_TRUEBIT_KEY}"},"tasks":[{{ValidTask}}]}""");
        var ex = LoadFails(path, Env());
        var error = Assert.Single(ex.Errors, e => e.Problem.Contains("MY_TRUEBIT_KEY"));
        Assert.Equal("dispatcher.apiKey", error.Path);
        Assert.Contains("not set", error.Problem);
    }

    [Fact]
    public void Unset_env_placeholder_in_a_task_header_names_the_nested_path()
    {
        var path = Config("""
            {"tasks":[{"namespace":"62faaf33","taskName":"a","manifest":"manifest.json",
                       "headers":{"X-Token":"Bearer ${env:UPSTREAM_TOKEN}"}}]}
            """);
        var ex = LoadFails(path, Env());
        var error = Assert.Single(ex.Errors);
        Assert.Contains("UPSTREAM_TOKEN", error.Problem);
        Assert.Equal("tasks[0].headers.X-Token", error.Path);
    }

    [Fact]
    public void Env_placeholder_is_expanded_and_becomes_a_secret()
    {
        var path = Config($$"""{"dispatcher":{"url":"https://run.truebit.network","apiKey":"${env:MY_TRUEBIT_KEY}"},"tasks":[{{ValidTask}}]}""");
        var loaded = ConfigLoader.Load(path, env: Env(("MY_TRUEBIT_KEY", "k-123456789")));
        Assert.Equal("k-123456789", loaded.Options.Dispatcher.ApiKey);
        Assert.Contains("k-123456789", loaded.Secrets);
    }

    [Fact]
    public void Env_default_is_used_when_the_variable_is_unset()
    {
        var path = Config($$"""{"dispatcher":{"url":"${env:TB_URL:-https://run.truebit.network}","apiKey":"key-abcdef"},"tasks":[{{ValidTask}}]}""");
        var loaded = ConfigLoader.Load(path, env: Env());
        Assert.Equal("https://run.truebit.network", loaded.Options.Dispatcher.Url);

        var overridden = ConfigLoader.Load(path, env: Env(("TB_URL", "http://127.0.0.1:5199")));
        Assert.Equal("http://127.0.0.1:5199", overridden.Options.Dispatcher.Url);
    }

    [Fact]
    public void Api_key_defaults_to_TRUEBIT_API_KEY()
    {
        var path = Config($$"""{"dispatcher":{"url":"https://run.truebit.network"},"tasks":[{{ValidTask}}]}""");
        var loaded = ConfigLoader.Load(path, env: Env(("TRUEBIT_API_KEY", "from-env-key-1")));
        Assert.Equal("from-env-key-1", loaded.Options.Dispatcher.ApiKey);
        Assert.Contains("from-env-key-1", loaded.Secrets);
    }

    [Fact]
    public void Configured_api_key_wins_over_TRUEBIT_API_KEY()
    {
        var path = Config($$"""{"dispatcher":{"url":"https://run.truebit.network","apiKey":"configured-key"},"tasks":[{{ValidTask}}]}""");
        var loaded = ConfigLoader.Load(path, env: Env(("TRUEBIT_API_KEY", "from-env-key-1")));
        Assert.Equal("configured-key", loaded.Options.Dispatcher.ApiKey);
    }

    [Fact]
    public void Remote_dispatcher_without_api_key_is_an_error()
    {
        var path = Config($$"""{"dispatcher":{"url":"https://run.truebit.network"},"tasks":[{{ValidTask}}]}""");
        var ex = LoadFails(path, Env());
        var error = Assert.Single(ex.Errors);
        Assert.Equal("dispatcher.apiKey", error.Path);
        Assert.Contains("TRUEBIT_API_KEY", error.Fix);
    }

    [Fact]
    public void Local_dispatcher_needs_no_api_key()
    {
        var loaded = ConfigLoader.Load(Config($$"""{"tasks":[{{ValidTask}}]}"""), env: Env());
        Assert.Null(loaded.Options.Dispatcher.ApiKey);
    }

    [Fact]
    public void Unknown_key_is_reported()
    {
        var path = Config($$"""{"dispatcher":{"url":"local","retriez":3},"tasks":[{{ValidTask}}]}""");
        var ex = LoadFails(path, Env());
        Assert.Contains(ex.Errors, e => e.Path == "dispatcher.retriez" && e.Problem == "is not a known key");
    }

    [Fact]
    public void A_value_of_the_wrong_type_in_a_list_element_is_reported_not_dropped()
    {
        // The configuration binder silently drops a list element it cannot convert; the loader must not.
        var path = Config("""{"tasks":[{"namespace":"ns","taskName":"t","manifest":"m.json","executionTimeout":"soon","async":"maybe"}]}""");
        var ex = LoadFails(path, Env());
        Assert.Contains(ex.Errors, e => e.Path == "tasks[0].executionTimeout" && e.Problem.Contains("'soon' is not a whole number"));
        Assert.Contains(ex.Errors, e => e.Path == "tasks[0].async" && e.Problem.Contains("true or false"));
    }

    [Fact]
    public void Unknown_top_level_key_is_reported()
    {
        var path = Config($$"""{"dispatchr":{"url":"local"},"tasks":[{{ValidTask}}]}""");
        var ex = LoadFails(path, Env());
        Assert.Contains(ex.Errors, e => e.Path == "dispatchr" && e.Problem == "is not a known key");
    }

    [Fact]
    public void Wrong_value_type_is_reported()
    {
        var path = Config($$"""{"dispatcher":{"url":"local","readRetries":"many"},"tasks":[{{ValidTask}}]}""");
        var ex = LoadFails(path, Env());
        Assert.NotEmpty(ex.Errors);
    }

    [Fact]
    public void Invalid_url_and_out_of_range_values_are_reported_at_their_paths()
    {
        var path = Config($$"""{"dispatcher":{"url":"ftp://x","apiKey":"abcd1234","requestTimeoutSeconds":5},"tools":{"maxNameLength":100},"tasks":[{{ValidTask}}]}""");
        var ex = LoadFails(path, Env());
        var paths = ex.Errors.Select(e => e.Path).ToHashSet();
        Assert.Contains("dispatcher.url", paths);
        Assert.Contains("dispatcher.requestTimeoutSeconds", paths);
        Assert.Contains("tools.maxNameLength", paths);
    }

    [Fact]
    public void Duplicate_task_and_forbidden_header_are_reported()
    {
        var path = Config($$"""{"headers":{"x-api-key":"abcdefgh"},"tasks":[{{ValidTask}},{{ValidTask}}]}""");
        var ex = LoadFails(path, Env());
        Assert.Contains(ex.Errors, e => e.Path == "tasks[1]" && e.Problem.Contains("twice"));
        Assert.Contains(ex.Errors, e => e.Path == "headers.x-api-key");
    }

    [Fact]
    public void Header_values_are_secrets()
    {
        var path = Config("""
            {"headers":{"Authorization":"Bearer global-token"},
             "tasks":[{"namespace":"62faaf33","taskName":"a","manifest":"manifest.json","headers":{"X-Key":"task-secret"}}]}
            """);
        var loaded = ConfigLoader.Load(path, env: Env());
        Assert.Contains("Bearer global-token", loaded.Secrets);
        Assert.Contains("task-secret", loaded.Secrets);
    }

    [Fact]
    public void Command_line_override_wins()
    {
        var path = Config($$"""{"dispatcher":{"url":"local"},"tasks":[{{ValidTask}}]}""");
        var loaded = ConfigLoader.Load(path, ["--dispatcher:readRetries=7"], env: Env());
        Assert.Equal(7, loaded.Options.Dispatcher.ReadRetries);
    }

    [Theory]
    [InlineData("tasks:0:manifest", "tasks[0].manifest")]
    [InlineData("dispatcher:apiKey", "dispatcher.apiKey")]
    [InlineData("tasks:12:headers:X-Token", "tasks[12].headers.X-Token")]
    public void DisplayPath_formats_keys(string key, string expected) => Assert.Equal(expected, ConfigLoader.DisplayPath(key));
}
