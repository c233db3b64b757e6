using System.Text.Json.Nodes;

namespace TruebitMcp.Core.Schemas;

/// <summary>Shape of every execution result this server returns as structured content.</summary>
public static class ResultSchemas
{
    public static JsonObject ExecutionResult(JsonObject outputSchema) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["executionId"] = new JsonObject { ["type"] = "string", ["description"] = "Truebit execution id; pass it to truebit_get_execution." },
            ["status"] = new JsonObject
            {
                ["type"] = "string",
                ["enum"] = new JsonArray("Success", "Running", "Error"),
                ["description"] = "Success: output is the API's answer. Running: not finished; check again later. Error: see error.",
            },
            ["output"] = outputSchema,
            ["error"] = new JsonObject { ["type"] = "string", ["description"] = "Why the execution failed." },
            ["transferredBytes"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["request"] = new JsonObject { ["type"] = "integer" },
                    ["response"] = new JsonObject { ["type"] = "integer" },
                },
            },
            ["truncated"] = new JsonObject { ["type"] = "boolean", ["description"] = "True when output was cut to fit; see outputNote." },
            ["outputNote"] = new JsonObject { ["type"] = "string" },
        },
        ["required"] = new JsonArray("status"),
    };
}
