using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Naming;

namespace TruebitMcp.Core.Tests;

public class ToolNamesTests
{
    [Theory]
    [InlineData("getOrderById", "get_order_by_id")]
    [InlineData("GET /store/{id}", "get_store_id")]
    [InlineData("get-stations", "get_stations")]
    [InlineData("HTTPServerError", "http_server_error")]
    [InlineData("listV2Items", "list_v2_items")]
    [InlineData("already_snake_case", "already_snake_case")]
    [InlineData("  spaces and.dots  ", "spaces_and_dots")]
    [InlineData("GET /", "get")]
    [InlineData("héllo wörld", "h_llo_w_rld")]
    [InlineData("{}/", "")]
    public void ToSnakeCase_converts(string input, string expected) => Assert.Equal(expected, ToolNames.ToSnakeCase(input));

    [Theory]
    [InlineData("a", true)]
    [InlineData("get_order-by_id", true)]
    [InlineData("", false)]
    [InlineData("has.dot", false)]
    [InlineData("has space", false)]
    [InlineData("ünicode", false)]
    public void IsValid_follows_host_rules(string name, bool valid) => Assert.Equal(valid, ToolNames.IsValid(name));

    [Fact]
    public void IsValid_rejects_names_over_64()
    {
        Assert.True(ToolNames.IsValid(new string('a', 64)));
        Assert.False(ToolNames.IsValid(new string('a', 65)));
    }

    [Fact]
    public void Shorten_keeps_short_names()
    {
        Assert.Equal("short_name", ToolNames.Shorten("short_name", 48, "id"));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(48)]
    [InlineData(64)]
    public void Shorten_respects_max_and_is_deterministic(int max)
    {
        var name = string.Join('_', Enumerable.Repeat("segment", 20));
        var a = ToolNames.Shorten(name, max, "ns/task#GET /a");
        var b = ToolNames.Shorten(name, max, "ns/task#GET /a");
        Assert.Equal(a, b);
        Assert.True(a.Length <= max, $"{a} is {a.Length} long");
        Assert.True(ToolNames.IsValid(a));
        Assert.NotEqual(a, ToolNames.Shorten(name, max, "ns/task#GET /b"));
    }

    [Fact]
    public void ShortHash_is_stable_hex()
    {
        Assert.Matches("^[0-9a-f]{6}$", ToolNames.ShortHash("x"));
        Assert.Equal(ToolNames.ShortHash("x"), ToolNames.ShortHash("x"));
        Assert.NotEqual(ToolNames.ShortHash("x"), ToolNames.ShortHash("y"));
    }

    private static ApiOperation Op(string method, string path, string? id) => new() { Method = method, PathTemplate = path, OperationId = id };

    [Fact]
    public void Colliding_operations_of_two_tasks_get_distinct_names()
    {
        var taken = new HashSet<string>(TaskCatalogBuilder.ReservedNames);
        var tools = new ToolsOptions();
        var t1 = new TaskOptions { Namespace = "aaaa1111", TaskName = "weather", ToolPrefix = "api" };
        var t2 = new TaskOptions { Namespace = "bbbb2222", TaskName = "weather", ToolPrefix = "api" };
        var n1 = TaskCatalogBuilder.ChooseName(t1, Op("GET", "/current", "getCurrent"), tools, taken);
        taken.Add(n1);
        var n2 = TaskCatalogBuilder.ChooseName(t2, Op("GET", "/current", "getCurrent"), tools, taken);
        taken.Add(n2);
        Assert.Equal("api_get_current", n1);
        Assert.NotEqual(n1, n2);
        Assert.StartsWith("api_get_current_", n2);
        Assert.True(ToolNames.IsValid(n2));

        // Deterministic: the same inputs in the same order give the same names.
        var again = new HashSet<string>(TaskCatalogBuilder.ReservedNames);
        var m1 = TaskCatalogBuilder.ChooseName(t1, Op("GET", "/current", "getCurrent"), tools, again); again.Add(m1);
        var m2 = TaskCatalogBuilder.ChooseName(t2, Op("GET", "/current", "getCurrent"), tools, again);
        Assert.Equal((n1, n2), (m1, m2));
    }

    [Fact]
    public void Long_colliding_names_stay_within_the_limit_and_unique()
    {
        var tools = new ToolsOptions { MaxNameLength = 32 };
        var taken = new HashSet<string>(TaskCatalogBuilder.ReservedNames);
        var names = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var task = new TaskOptions { Namespace = $"ns{i}", TaskName = "t", ToolPrefix = "a_rather_long_prefix_for_tools" };
            var n = TaskCatalogBuilder.ChooseName(task, Op("GET", "/x", "getSomethingWithAVeryLongOperationName"), tools, taken);
            taken.Add(n);
            names.Add(n);
        }
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.True(n.Length <= 32 && ToolNames.IsValid(n), n));
    }

    [Fact]
    public void Generic_tool_names_are_never_taken()
    {
        var taken = new HashSet<string>(TaskCatalogBuilder.ReservedNames);
        var task = new TaskOptions { Namespace = "ns", TaskName = "truebit" };
        var name = TaskCatalogBuilder.ChooseName(task, Op("POST", "/x", "executeTask"), new ToolsOptions(), taken);
        Assert.NotEqual("truebit_execute_task", name);
        Assert.StartsWith("truebit_execute_task_", name);
    }

    [Fact]
    public void Rename_map_is_honoured()
    {
        var tools = new ToolsOptions { Rename = { ["api_get_current"] = "weather_now" } };
        var name = TaskCatalogBuilder.ChooseName(new TaskOptions { Namespace = "n", TaskName = "t", ToolPrefix = "api" },
            Op("GET", "/current", "getCurrent"), tools, new HashSet<string>());
        Assert.Equal("weather_now", name);
    }

    [Fact]
    public void Operation_without_id_is_named_from_method_and_path()
    {
        var name = TaskCatalogBuilder.ChooseName(new TaskOptions { Namespace = "n", TaskName = "api3" },
            Op("DELETE", "/store/order/{orderId}", null), new ToolsOptions(), new HashSet<string>());
        Assert.Equal("api3_delete_store_order_order_id", name);
    }
}
