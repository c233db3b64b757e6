using System.Text.Json;

namespace TruebitMcp.Core.Dispatcher;

/// <summary>The Truebit dispatcher API as this server uses it.</summary>
public interface ITruebitDispatcher
{
    Task<ExecutionStatus> ExecuteByNameAsync(ExecuteByNameRequest request, CancellationToken cancellationToken = default);
    Task<ExecutionStatus> GetExecutionStatusAsync(string executionId, CancellationToken cancellationToken = default);
    Task<JsonElement> GetTranscriptAsync(string executionId, CancellationToken cancellationToken = default);
    Task<JsonElement> GetTranscriptInvoiceAsync(string executionId, CancellationToken cancellationToken = default);
}
