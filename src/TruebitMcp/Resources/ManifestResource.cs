using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TruebitMcp.Core.Execution;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Resources;

/// <summary>truebit://tasks/{namespace}/{taskName}/manifest — the OpenAPI manifest of a configured task.</summary>
internal sealed class ManifestResource(ServerState state, SecretRedactor redactor) : McpServerResource
{
    private const string Prefix = "truebit://tasks/";
    private const string Suffix = "/manifest";

    public override ResourceTemplate ProtocolResourceTemplate { get; } = new()
    {
        Name = "task-manifest",
        Title = "Truebit task manifest",
        UriTemplate = Prefix + "{namespace}/{taskName}" + Suffix,
        Description = "The OpenAPI manifest of a configured Truebit API task.",
        MimeType = "application/json",
    };

    public override IReadOnlyList<object> Metadata => [];

    public override bool IsMatch(string uri) => TryParse(uri, out _, out _);

    public override ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default)
    {
        var uri = request.Params?.Uri ?? "";
        if (!TryParse(uri, out var ns, out var name))
            throw new McpException($"'{uri}' is not a task manifest URI ({ProtocolResourceTemplate.UriTemplate}).");
        var task = state.Current.Catalog.FindTask(ns, name)
            ?? throw new McpException($"Task {ns}/{name} is not configured on this server.");
        if (task.Manifest is null) throw new McpException($"Task {ns}/{name} has no usable manifest: {task.Error}");
        return ValueTask.FromResult(new ReadResourceResult
        {
            Contents = [new TextResourceContents { Uri = uri, MimeType = task.Manifest.MediaType, Text = redactor.Redact(task.Manifest.Text) }],
        });
    }

    /// <summary>Lists one concrete resource per configured task, so clients can discover them.</summary>
    public IEnumerable<Resource> ListConcrete() => state.Current.Catalog.Tasks.Where(t => t.Manifest is not null).Select(t => new Resource
    {
        Uri = $"{Prefix}{Uri.EscapeDataString(t.Namespace)}/{Uri.EscapeDataString(t.TaskName)}{Suffix}",
        Name = $"{t.Namespace}/{t.TaskName} manifest",
        Title = t.Manifest!.Title,
        MimeType = t.Manifest.MediaType,
        Description = $"OpenAPI manifest of Truebit task {t.Namespace}/{t.TaskName}.",
    });

    private static bool TryParse(string uri, out string ns, out string name)
    {
        ns = name = "";
        if (!uri.StartsWith(Prefix, StringComparison.Ordinal) || !uri.EndsWith(Suffix, StringComparison.Ordinal)) return false;
        var parts = uri[Prefix.Length..^Suffix.Length].Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0) return false;
        ns = Uri.UnescapeDataString(parts[0]);
        name = Uri.UnescapeDataString(parts[1]);
        return true;
    }
}
