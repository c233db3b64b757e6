using System.Text.Json;
using System.Text.Json.Serialization;

namespace TruebitMcp.Hosting.Http;

internal sealed record ReadinessReport(string Status, string? Reason);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class HttpJsonContext : JsonSerializerContext;
