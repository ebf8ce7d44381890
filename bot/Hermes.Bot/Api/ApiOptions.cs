using System.Net;
using Hermes.Bot.Security;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Api;

/// <summary>
/// The <c>Api</c> section. With <c>Api:Tokens</c> set, the case and suppression API needs one of them as a bearer
/// token; without, it answers only local callers (the embedded default on one machine).
/// </summary>
public sealed record ApiOptions
{
    public IReadOnlyList<string> Tokens { get; init; } = [];
}

/// <summary>The endpoint filter that enforces <see cref="ApiOptions"/>.</summary>
public sealed class ApiAccessFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return Allowed(context.HttpContext, options.Value.Tokens)
            ? await next(context).ConfigureAwait(false)
            : Results.Problem(statusCode: 401, title: "unauthorized", detail: "a valid bearer token is required (Api:Tokens)");
    }

    internal static bool Allowed(HttpContext http, IReadOnlyList<string> tokens)
    {
        if (tokens.Count == 0)
        {
            var remote = http.Connection.RemoteIpAddress;
            // In-process hosts (tests) have no remote address; everything else must be this machine.
            return remote is null || IPAddress.IsLoopback(remote);
        }
        return BearerTokens.Match(http.Request, tokens);
    }
}
