using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace TruebitMcp.Hosting.Http;

/// <summary>
/// Runs before the MCP endpoint: Host check (400), Origin check (403, required by the 2025-11-25 transport rules),
/// then the bearer token (401 with WWW-Authenticate). Nothing here copies the Authorization header anywhere.
/// </summary>
internal sealed class McpRequestGuard(RequestPolicy policy, BearerTokens tokens, ILogger<McpRequestGuard> logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!policy.IsHostAllowed(request.Host.Host))
        {
            logger.LogWarning("Refused an MCP request for host {Host} (not in http.allowedHosts)", request.Host.Host);
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Host not allowed").ConfigureAwait(false);
            return;
        }
        var origin = request.Headers.Origin.ToString();
        if (!policy.IsOriginAllowed(origin))
        {
            logger.LogWarning("Refused an MCP request from origin {Origin} (not in http.allowedOrigins)", origin);
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "Origin not allowed").ConfigureAwait(false);
            return;
        }
        if (tokens.Enabled)
        {
            var name = tokens.Authenticate(request.Headers.Authorization.ToString());
            if (name is null)
            {
                logger.LogWarning("Refused an MCP request from {Remote}: missing or unknown bearer token", context.Connection.RemoteIpAddress);
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"truebit-mcp\"";
                await RefuseAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized").ConfigureAwait(false);
                return;
            }
            // NameIdentifier binds stateful sessions to the token that opened them; Name keys the execution limits.
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.NameIdentifier, name)], "Bearer"));
            logger.LogDebug("MCP request authenticated with token {TokenName}", name);
        }
        await next(context).ConfigureAwait(false);
    }

    private static Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        return context.Response.WriteAsync(message + "\n");
    }
}
