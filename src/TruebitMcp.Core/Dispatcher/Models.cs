using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TruebitMcp.Core.Dispatcher;

/// <summary>Body of POST /task/api/execute-by-name.</summary>
public sealed class ExecuteByNameRequest
{
    [JsonPropertyName("namespace")] public required string Namespace { get; init; }
    [JsonPropertyName("taskName")] public required string TaskName { get; init; }
    [JsonPropertyName("label"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Label { get; init; }
    [JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public uint? Version { get; init; }
    [JsonPropertyName("async")] public bool Async { get; init; }
    [JsonPropertyName("input")] public required TaskInput Input { get; init; }
    [JsonPropertyName("executionTimeout")] public uint ExecutionTimeout { get; init; }
}

/// <summary>The Truebit <c>input</c>: a manifest path template, method, its parameters, body and headers.</summary>
public sealed class TaskInput
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("method")] public required string Method { get; init; }
    [JsonPropertyName("params"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonObject? Params { get; init; }
    [JsonPropertyName("body"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonNode? Body { get; init; }
    [JsonPropertyName("headers"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Headers { get; init; }
}

/// <summary>
/// Answer of execute-by-name and execution-status. Every field is optional: Truebit documents only the finished
/// shape. No <see cref="ClearTextSolution"/> and no Error status means "still running".
/// </summary>
public sealed class ExecutionStatus
{
    [JsonPropertyName("executionId")] public string? ExecutionId { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("clearTextSolution")] public ClearTextSolution? ClearTextSolution { get; set; }
    [JsonPropertyName("totalTransferredBytes")] public TransferredBytes? TotalTransferredBytes { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("error")] public JsonElement? Error { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    [JsonIgnore] public bool IsError => string.Equals(Status, ExecutionStates.Error, StringComparison.OrdinalIgnoreCase);
    [JsonIgnore] public bool IsFinished => IsError || ClearTextSolution is not null;
    [JsonIgnore] public bool Succeeded => !IsError && ClearTextSolution is { } s &&
                                          string.Equals(s.Status ?? "succeed", "succeed", StringComparison.OrdinalIgnoreCase);

    /// <summary>Best one-line reason for an Error execution.</summary>
    [JsonIgnore] public string ErrorReason =>
        Message ?? (Error is { ValueKind: JsonValueKind.String } e ? e.GetString()! : Error?.GetRawText())
        ?? (ClearTextSolution?.Status is { } st && st != "succeed" ? $"solution status '{st}'" : "the execution failed");
}

public static class ExecutionStates
{
    public const string Success = "Success";
    public const string Running = "Running";
    public const string Error = "Error";
}

public sealed class ClearTextSolution
{
    [JsonPropertyName("output")] public JsonElement? Output { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("senderAddress")] public string? SenderAddress { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class TransferredBytes
{
    [JsonPropertyName("request")] public long Request { get; set; }
    [JsonPropertyName("response")] public long Response { get; set; }
}
