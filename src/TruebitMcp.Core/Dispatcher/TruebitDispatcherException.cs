namespace TruebitMcp.Core.Dispatcher;

public enum DispatcherErrorKind
{
    BadRequest, Unauthorized, PaymentRequired, NotFound, ServerError, UnexpectedStatus,
    InvalidResponse, Timeout, Unreachable,
}

/// <summary>A dispatcher call that failed, with a one-line reason fit to show an agent. Never holds the API key.</summary>
public sealed class TruebitDispatcherException(DispatcherErrorKind kind, string message, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public DispatcherErrorKind Kind { get; } = kind;
    public int? StatusCode { get; } = statusCode;
    /// <summary>Only <see cref="DispatcherErrorKind.Timeout"/> and <see cref="DispatcherErrorKind.ServerError"/> may succeed if tried again later.</summary>
    public bool IsTransient => Kind is DispatcherErrorKind.Timeout or DispatcherErrorKind.ServerError or DispatcherErrorKind.Unreachable;
}
