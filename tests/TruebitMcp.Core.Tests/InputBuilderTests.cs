using System.Text.Json;
using System.Text.Json.Nodes;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Manifests;
using TruebitMcp.Core.Schemas;

namespace TruebitMcp.Core.Tests;

public class InputBuilderTests
{
    private static string ExamplesDir => TestFiles.Path_("truebit-examples");

    /// <summary>Truebit's aws-signature example sends path "/" which its own manifest does not declare.</summary>
    private const string KnownMismatch = "aws-signature/aws-signature.input.json";

    private static IEnumerable<string> InputFiles() =>
        Directory.EnumerateFiles(ExamplesDir, "*.input.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    private static IEnumerable<string> ManifestsBeside(string inputFile) =>
        Directory.EnumerateFiles(Path.GetDirectoryName(inputFile)!, "*.json")
            .Where(f => !f.EndsWith(".input.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    private static string Relative(string f) => Path.GetRelativePath(ExamplesDir, f).Replace('\\', '/');

    /// <summary>(input file, manifest file) for every example whose operation the manifest declares.</summary>
    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        foreach (var input in InputFiles())
        {
            var req = JsonNode.Parse(File.ReadAllText(input))!["input"]!;
            foreach (var manifest in ManifestsBeside(input))
                if (ManifestLoader.LoadFile(manifest).FindOperation(req["path"]!.GetValue<string>(), req["method"]!.GetValue<string>()) is not null)
                    data.Add(Relative(input), Relative(manifest));
        }
        return data;
    }

    [Fact]
    public void Every_example_input_is_covered_except_the_known_mismatch()
    {
        var covered = Examples().Select(row => (string)row[0]).ToHashSet();
        var all = InputFiles().Select(Relative).ToList();
        Assert.True(all.Count >= 7, $"only {all.Count} example inputs found");
        Assert.Equal(all.Where(f => f != KnownMismatch).Order(), covered.Order());
        // The mismatch is in Truebit's example itself: its manifest declares /anything and /anything/{Id} only.
        var aws = ManifestLoader.LoadFile(Path.Combine(ExamplesDir, "aws-signature/aws-signature.manifest.json"));
        Assert.Null(aws.FindOperation("/", "GET"));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Tool_arguments_rebuild_the_example_input_exactly(string inputFile, string manifestFile)
    {
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(ExamplesDir, inputFile)))!["input"]!;
        var manifest = ManifestLoader.LoadFile(Path.Combine(ExamplesDir, manifestFile));
        var op = manifest.FindOperation(expected["path"]!.GetValue<string>(), expected["method"]!.GetValue<string>())!;
        var (schema, map) = ToolSchemaBuilder.BuildInput(op);

        // What an agent sends: params under their argument names, the body spread over body properties or as `body`.
        var args = new JsonObject();
        if (expected["params"] is JsonObject ps)
            foreach (var (name, value) in ps)
            {
                var b = Assert.Single(map.Bindings, b => b.TargetName == name && b.Location is ArgumentLocation.Path or ArgumentLocation.Query);
                args[b.ArgumentName] = value?.DeepClone();
            }
        if (expected["body"] is JsonNode body)
        {
            var spread = map.Bindings.Where(b => b.Location == ArgumentLocation.BodyProperty).ToList();
            if (spread.Count > 0)
                foreach (var (name, value) in body.AsObject())
                    args[Assert.Single(spread, b => b.TargetName == name).ArgumentName] = value?.DeepClone();
            else
                args[Assert.Single(map.Bindings, b => b.Location == ArgumentLocation.Body).ArgumentName] = body.DeepClone();
        }

        Assert.Empty(new ArgumentValidator(schema).Validate(JsonSerializer.SerializeToElement(args)));
        var headers = expected["headers"]?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
        var input = TruebitInputBuilder.Build(op, map, args, headers);
        var actual = JsonSerializer.SerializeToNode(input);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\n  actual {actual!.ToJsonString()}");
    }

    private const string QueryManifest = """
        {"openapi":"3.0.3","info":{"title":"q","version":"1"},"servers":[{"url":"https://api.etherscan.io"}],
         "paths":{"/api":{"get":{"operationId":"account","parameters":[
            {"name":"chainid","in":"query","required":true,"schema":{"type":"integer"}},
            {"name":"module","in":"query","schema":{"type":"string"}},
            {"name":"address","in":"query","schema":{"type":"string"}},
            {"name":"X-Trace","in":"header","schema":{"type":"string"}}],
          "responses":{"200":{"description":"ok"}}}},
          "/items/{id}":{"get":{"operationId":"item","parameters":[
            {"name":"id","in":"path","required":true,"schema":{"type":"string"}},
            {"name":"id","in":"query","schema":{"type":"string"}}],
          "responses":{"200":{"description":"ok"}}}}}}
        """;

    private static ApiOperation QueryOp(string path) => ManifestLoader.Parse(QueryManifest, "query.json").Operations.Single(o => o.PathTemplate == path);

    [Fact]
    public void Query_placeholders_are_appended_only_for_given_arguments()
    {
        var op = QueryOp("/api");
        var (_, map) = ToolSchemaBuilder.BuildInput(op);
        var input = TruebitInputBuilder.Build(op, map, new JsonObject { ["chainid"] = 1, ["address"] = "0xabc" }, null);
        Assert.Equal("/api?chainid={chainid}&address={address}", input.Path);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["chainid"] = 1, ["address"] = "0xabc" }, input.Params));
        Assert.Null(input.Body);
        Assert.Null(input.Headers);

        var none = TruebitInputBuilder.Build(op, map, new JsonObject { ["chainid"] = 5 }, null);
        Assert.Equal("/api?chainid={chainid}", none.Path);
    }

    [Fact]
    public void Header_arguments_go_to_headers_and_configured_headers_win()
    {
        var op = QueryOp("/api");
        var (_, map) = ToolSchemaBuilder.BuildInput(op);
        var input = TruebitInputBuilder.Build(op, map, new JsonObject { ["chainid"] = 1, ["X-Trace"] = "agent" },
            new Dictionary<string, string> { ["x-trace"] = "configured", ["Authorization"] = "Bearer s" });
        Assert.Equal("/api?chainid={chainid}", input.Path);
        Assert.Equal("configured", input.Headers!["X-Trace"]);
        Assert.Equal("Bearer s", input.Headers["Authorization"]);
        Assert.Equal(2, input.Headers.Count);
    }

    [Fact]
    public void Path_and_query_parameters_with_the_same_name_get_distinct_arguments()
    {
        var op = QueryOp("/items/{id}");
        var (schema, map) = ToolSchemaBuilder.BuildInput(op);
        var props = schema["properties"]!.AsObject();
        Assert.True(props.ContainsKey("id"));
        Assert.True(props.ContainsKey("id_query"));
        Assert.Equal(ArgumentLocation.Path, map.Find("id")!.Location);
        Assert.Equal(ArgumentLocation.Query, map.Find("id_query")!.Location);
        // Truebit fills path and query placeholders from one params object: the query value needs its own key.
        var input = TruebitInputBuilder.Build(op, map, new JsonObject { ["id"] = "path-value", ["id_query"] = "query-value" }, null);
        Assert.Equal("/items/{id}?id={id_query}", input.Path);
        Assert.Equal("path-value", input.Params!["id"]!.GetValue<string>());
        Assert.Equal("query-value", input.Params!["id_query"]!.GetValue<string>());
        Assert.Equal("/items/path-value?id=query-value", PathTemplate.Expand(input.Path, input.Params, out var missing));
        Assert.Empty(missing);
    }

    [Fact]
    public void Unknown_arguments_are_ignored_by_the_builder()
    {
        var op = QueryOp("/api");
        var (_, map) = ToolSchemaBuilder.BuildInput(op);
        var input = TruebitInputBuilder.Build(op, map, new JsonObject { ["chainid"] = 1, ["path"] = "/admin", ["method"] = "DELETE" }, null);
        Assert.Equal("/api?chainid={chainid}", input.Path);
        Assert.Equal("GET", input.Method);
        Assert.Single(input.Params!);
    }

    [Theory]
    [InlineData("../admin")]
    [InlineData("..%2Fadmin")]
    [InlineData("%2F..%2F..%2Fetc")]
    [InlineData("a?admin=true")]
    [InlineData("a#frag")]
    [InlineData("user@evil.example")]
    [InlineData("http://evil.example/x")]
    [InlineData("//evil.example")]
    [InlineData("a/b\\c d")]
    public void Expand_percent_encodes_hostile_values(string hostile) => AssertConfined(hostile);

    /// <summary>
    /// "." and ".." contain no reserved character, so escaping leaves them as dot-segments that URL resolution
    /// (System.Uri, and RFC 3986 normalisation, which also decodes %2E) would remove: they are refused instead.
    /// </summary>
    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    public void Expand_refuses_dot_segments_in_the_path(string hostile)
    {
        var ex = Assert.Throws<UnsafePathValueException>(() => PathTemplate.Expand("/v1/files/{name}/meta", new JsonObject { ["name"] = hostile }, out _));
        Assert.Equal("name", ex.Parameter);
        // In the query part it is just a value.
        Assert.Equal("/v1/files?q=" + hostile, PathTemplate.Expand("/v1/files?q={q}", new JsonObject { ["q"] = hostile }, out _));
    }

    private static void AssertConfined(string hostile)
    {
        var expanded = PathTemplate.Expand("/v1/files/{name}/meta", new JsonObject { ["name"] = hostile }, out var missing);
        Assert.Empty(missing);
        Assert.StartsWith("/v1/files/", expanded);
        Assert.EndsWith("/meta", expanded);
        var segment = expanded["/v1/files/".Length..^"/meta".Length];
        Assert.DoesNotContain('/', segment);
        Assert.DoesNotContain('?', segment);
        Assert.DoesNotContain('#', segment);
        Assert.DoesNotContain('@', segment);
        Assert.DoesNotContain(':', segment);
        Assert.DoesNotContain('\\', segment);
        Assert.DoesNotContain(' ', segment);

        // Resolved against the upstream base the way an HTTP client would, the host and path prefix stay put.
        var baseUri = new Uri("https://api.example.com/base/");
        var url = new Uri(baseUri, expanded.TrimStart('/'));
        Assert.Equal("api.example.com", url.Host);
        Assert.Equal("", url.UserInfo);
        Assert.Equal("", url.Query);
        Assert.Equal("", url.Fragment);
        Assert.StartsWith("/base/v1/files/", url.AbsolutePath);
        Assert.EndsWith("/meta", url.AbsolutePath);
        Assert.Equal(6, url.Segments.Length); // "/", "base/", "v1/", "files/", "{value}/", "meta": nothing collapsed or added
    }

    [Fact]
    public void Expand_fills_numbers_booleans_and_arrays_and_reports_missing()
    {
        var p = new JsonObject { ["a"] = 2, ["b"] = true, ["c"] = new JsonArray("x y", 3) };
        var s = PathTemplate.Expand("/r/{a}/{b}?c={c}&d={d}", p, out var missing);
        Assert.Equal("/r/2/true?c=x%20y%2C3&d=", s);
        Assert.Equal(["d"], missing);
    }
}
