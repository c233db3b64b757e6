using ModelContextProtocol.Protocol;

namespace TruebitMcp.Tests;

public sealed class PromptTests
{
    [Fact]
    public async Task Prompts_guide_a_model_to_run_and_verify_tasks()
    {
        await using var h = await McpServerHarness.StartAsync();
        var prompts = await h.Client.ListPromptsAsync();
        Assert.Equal(["truebit_run_task", "truebit_verify_execution"], prompts.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains(prompts.Single(p => p.Name == "truebit_run_task").ProtocolPrompt.Arguments!, a => a.Name == "goal" && a.Required == true);

        var verify = await h.Client.GetPromptAsync("truebit_verify_execution", new Dictionary<string, object?> { ["executionId"] = "exec-42" });
        var text = Assert.IsType<TextContentBlock>(Assert.Single(verify.Messages).Content).Text;
        Assert.Contains("truebit_get_transcript", text);
        Assert.Contains("exec-42", text);
    }
}
