using System.Collections.Concurrent;
using Hermes.Slack.Api;
using Hermes.Slack.Security;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Slack;

/// <summary>
/// Every request on <c>/slack/*</c> must carry Slack's v0 signature over its raw body, timestamped within five
/// minutes; without a configured signing secret nothing is accepted (503). A request seen before (same signature)
/// is acknowledged and not handled again: Slack's own retries, or a replay inside the window.
/// </summary>
public sealed class SlackRequestFilter(IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackRequestFilter> logger) : IEndpointFilter
{
    public const string BodyKey = "hermes.slack.body";
    private static readonly ConcurrentDictionary<string, DateTimeOffset> Seen = new(StringComparer.Ordinal);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var secret = options.Value.SigningSecret;
        if (string.IsNullOrEmpty(secret))
            return Results.Problem(statusCode: 503, title: "Slack not configured", detail: "Slack:SigningSecret is not set; Slack requests cannot be verified");
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();
        var signature = http.Request.Headers["X-Slack-Signature"].ToString();
        var now = time.GetUtcNow();
        var check = SlackSignature.Verify(secret, http.Request.Headers["X-Slack-Request-Timestamp"].ToString(), signature, body, now);
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Refused a Slack request to {Path}: signature {Check}", http.Request.Path, check);
            return Results.Problem(statusCode: 401, title: "unauthorized", detail: $"Slack signature {check.ToString().ToLowerInvariant()}");
        }
        foreach (var old in Seen.Where(s => now - s.Value > SlackSignature.Window).Select(s => s.Key).ToList()) Seen.TryRemove(old, out _);
        if (!Seen.TryAdd(signature, now))
        {
            logger.LogInformation("Ignored a repeated Slack request to {Path} (retry {Retry})", http.Request.Path, http.Request.Headers["X-Slack-Retry-Num"].ToString());
            return Results.Ok();
        }
        http.Items[BodyKey] = body;
        return await next(context).ConfigureAwait(false);
    }
}
