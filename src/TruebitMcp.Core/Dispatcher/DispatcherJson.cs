using System.Text.Json;
using System.Text.Json.Serialization;

namespace TruebitMcp.Core.Dispatcher;

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExecuteByNameRequest))]
[JsonSerializable(typeof(ExecutionStatus))]
public sealed partial class DispatcherJson : JsonSerializerContext
{
    public static JsonSerializerOptions SerializerOptions => Default.Options;
    public static DispatcherJson Context => Default;
}
