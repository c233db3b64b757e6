using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TruebitMcp.Examples.DemoUpstream;

/// <summary>
/// A small loopback API for the demo and the tests: notes (CRUD), weather, and a few endpoints that exercise
/// edge cases (slow answers, error statuses, binary and large bodies, header echo). Counts every request.
/// </summary>
public sealed class DemoUpstreamServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _requests = new();

    private DemoUpstreamServer(WebApplication app, Uri address)
    {
        _app = app;
        BaseAddress = address;
    }

    public Uri BaseAddress { get; }

    /// <summary>Every request received: method, path (raw, still encoded), query and headers.</summary>
    public IReadOnlyCollection<JsonObject> Requests => _requests;

    public static async Task<DemoUpstreamServer> StartAsync(string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Not the working directory: a host may start us from $HOME, and watching that for appsettings changes
            // costs thousands of inotify watches. We read no appsettings files at all.
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        DemoUpstreamServer? server = null;
        var notes = new ConcurrentDictionary<int, JsonObject>();
        var nextId = 0;

        app.Use(async (ctx, next) =>
        {
            server?._requests.Enqueue(new JsonObject
            {
                ["method"] = ctx.Request.Method,
                ["rawPath"] = ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? ctx.Request.Path.Value,
                ["host"] = ctx.Request.Host.Value,
                ["headers"] = new JsonObject(ctx.Request.Headers.Select(h => KeyValuePair.Create(h.Key.ToLowerInvariant(), (JsonNode?)h.Value.ToString()))),
            });
            await next(ctx);
        });

        app.MapGet("/weather/{city}", (string city, string? units) =>
        {
            var celsius = 12 + city.Length % 15;
            return Results.Json(new JsonObject
            {
                ["city"] = city,
                ["units"] = units ?? "metric",
                ["temperature"] = units == "imperial" ? celsius * 9 / 5 + 32 : celsius,
                ["conditions"] = (city.Length % 3) switch { 0 => "sunny", 1 => "cloudy", _ => "rain" },
            });
        });
        app.MapGet("/notes", () => Results.Json(new JsonObject { ["notes"] = new JsonArray(notes.Values.OrderBy(n => (int)n["id"]!).Select(n => (JsonNode)n.DeepClone()).ToArray()) }));
        app.MapPost("/notes", (JsonObject body) =>
        {
            if (body["title"] is null) return Results.Json(new { message = "title is required" }, statusCode: 400);
            var id = Interlocked.Increment(ref nextId);
            var note = new JsonObject { ["id"] = id, ["title"] = body["title"]!.DeepClone(), ["text"] = body["text"]?.DeepClone(), ["tags"] = body["tags"]?.DeepClone() ?? new JsonArray() };
            notes[id] = note;
            return Results.Json(note, statusCode: 201);
        });
        app.MapGet("/notes/{id:int}", (int id) => notes.TryGetValue(id, out var n) ? Results.Json(n) : Results.Json(new { message = $"note {id} not found" }, statusCode: 404));
        app.MapDelete("/notes/{id:int}", (int id) => notes.TryRemove(id, out _) ? Results.Json(new { deleted = id }) : Results.Json(new { message = $"note {id} not found" }, statusCode: 404));
        app.MapGet("/files/{name}", (string name) => Results.Json(new { name }));
        app.MapGet("/slow", async (int ms) => { await Task.Delay(Math.Clamp(ms, 0, 120_000)); return Results.Json(new { waitedMs = ms }); });
        app.MapGet("/status/{code:int}", (int code) => Results.Json(new { message = $"you asked for {code}" }, statusCode: code));
        app.MapGet("/echo", (HttpContext ctx) => Results.Json(new JsonObject
        {
            ["headers"] = new JsonObject(ctx.Request.Headers.Select(h => KeyValuePair.Create(h.Key.ToLowerInvariant(), (JsonNode?)h.Value.ToString()))),
        }));
        app.MapGet("/mismatch", () => Results.Json(new { value = "not a number" }));
        app.MapGet("/redirect", () => Results.Redirect("http://evil.example/steal"));
        app.MapGet("/binary", () => Results.Bytes([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x10], "image/png"));
        app.MapGet("/text", () => Results.Text("plain words, not JSON", "text/plain"));
        app.MapGet("/big", (int kb) => Results.Json(new { items = Enumerable.Range(0, Math.Clamp(kb, 1, 10_000) * 10).Select(i => new { i, pad = new string('x', 80) }) }));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new DemoUpstreamServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
