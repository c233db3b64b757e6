using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TruebitMcp.Core.Configuration;
using TruebitMcp.Core.Manifests;

namespace TruebitMcp.Benchmarks;

/// <summary>
/// Start-up and per-call costs inside Core: building the catalogue (read, convert, lint every operation) for the
/// demo manifest and a 1,000-operation manifest, and validating one tool call's arguments.
/// Ratios compare to the demo catalogue build.
/// </summary>
[MemoryDiagnoser]
public class CatalogBenchmarks
{
    private TruebitMcpOptions _demo = null!;
    private TruebitMcpOptions _large = null!;
    private OperationTool _createNote = null!;
    private JsonElement _arguments;

    [GlobalSetup]
    public void Setup()
    {
        _demo = Options(Path.Combine(Paths.RepoRoot, "examples", "demo"), "manifests/demo-api.json");
        var dir = Directory.CreateTempSubdirectory("truebit-bench").FullName;
        var sb = new StringBuilder("""{"openapi":"3.0.3","info":{"title":"big","version":"1"},"servers":[{"url":"https://big.example"}],"paths":{""");
        for (var i = 0; i < 1000; i++)
            sb.Append(i == 0 ? "" : ",").Append("""
                "/rNUM/{id}":{"get":{"operationId":"getNUM","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer"}},{"name":"q","in":"query","schema":{"type":"string"}}],"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"id":{"type":"integer"}}}}}}}}}
                """.Replace("NUM", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllText(Path.Combine(dir, "big.json"), sb.Append("}}").ToString());
        _large = Options(dir, "big.json");
        _createNote = TaskCatalogBuilder.Build(_demo).Tools.First(t => t.Operation.OperationId == "createNote");
        _arguments = JsonDocument.Parse("""{"title":"hello","text":"world","tags":["a","b"]}""").RootElement;
    }

    private static TruebitMcpOptions Options(string dir, string manifest) => new()
    {
        BaseDirectory = dir,
        Tasks = [new TaskOptions { Namespace = "bench", TaskName = "t", Manifest = manifest }],
    };

    [Benchmark(Baseline = true, Description = "catalogue: demo manifest (12 operations)")]
    public int BuildDemoCatalog() => TaskCatalogBuilder.Build(_demo).Tools.Count;

    [Benchmark(Description = "catalogue: 1,000 operations")]
    public int BuildLargeCatalog() => TaskCatalogBuilder.Build(_large).Tools.Count;

    [Benchmark(Description = "validate one call's arguments")]
    public int ValidateArguments() => _createNote.Validator.Validate(_arguments).Count;
}
