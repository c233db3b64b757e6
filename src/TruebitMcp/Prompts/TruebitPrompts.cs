using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TruebitMcp.Prompts;

/// <summary>Prompts a person can pick in a host to start common Truebit work without knowing the tool names.</summary>
internal static class TruebitPrompts
{
    public static McpServerPrompt[] All() =>
    [
        McpServerPrompt.Create(
            ([Description("Namespace of the task owner, e.g. 62faaf33.")] string @namespace,
             [Description("Task name, as in truebit_list_tasks.")] string taskName,
             [Description("What you want the task to do, in your own words.")] string goal) =>
                User($"Use the Truebit task {@namespace}/{taskName} to do this: {goal}\n\n" +
                     $"First call truebit_describe_task with namespace \"{@namespace}\" and taskName \"{taskName}\" to see its operations and the tool " +
                     "for each. Call the matching tool (or truebit_execute_task with the operation's path template and method). " +
                     "If the result says Running, call truebit_get_execution with its executionId and waitSeconds 30. " +
                     "Executions are billed and cannot be cancelled, so do not repeat a call that already started."),
            new McpServerPromptCreateOptions
            {
                Name = "truebit_run_task",
                Title = "Run a Truebit task",
                Description = "Guides the model to find the right operation of a configured Truebit API task and run it.",
            }),
        McpServerPrompt.Create(
            ([Description("The executionId to verify.")] string executionId) =>
                User($"Verify Truebit execution {executionId}. Call truebit_get_transcript with executionId \"{executionId}\" and report: " +
                     "the transcript hash, the task path and version, the target API's HTTP status, whether the events are signed, " +
                     "and what was charged (from the invoice, if there is one). Say plainly if anything is missing."),
            new McpServerPromptCreateOptions
            {
                Name = "truebit_verify_execution",
                Title = "Verify a Truebit execution",
                Description = "Asks the model to fetch and summarise the verification record and invoice of an execution.",
            }),
    ];

    private static GetPromptResult User(string text) => new()
    {
        Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
    };
}
