using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Hermes.Bot.Slack;

/// <summary>
/// Slack's inbound requests, all verified by <see cref="SlackRequestFilter"/>: <c>/slack/interactions</c> (button
/// clicks, the reason modal), <c>/slack/commands</c> (<c>/falcon</c>), <c>/slack/events</c> (URL verification).
/// Interactions are acknowledged at once and handled in <see cref="SlackInbox"/>.
/// </summary>
public static class SlackEndpoints
{
    public static void MapSlack(this IEndpointRouteBuilder app)
    {
        var slack = app.MapGroup("/slack").AddEndpointFilter<SlackRequestFilter>();
        slack.MapPost("/interactions", Interactions).DisableAntiforgery();
        slack.MapPost("/commands", CommandsAsync).DisableAntiforgery();
        slack.MapPost("/events", Events);
    }

    private static Dictionary<string, string> Form(HttpContext http) =>
        QueryHelpers.ParseQuery(Encoding.UTF8.GetString((byte[])http.Items[SlackRequestFilter.BodyKey]!))
            .ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    private static IResult Interactions(HttpContext http, SlackRouter router)
    {
        JsonObject? payload = null;
        try
        {
            if (Form(http).TryGetValue("payload", out var json)) payload = JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            payload = null;
        }
        if (payload is null) return Results.Problem(statusCode: 400, title: "invalid interaction", detail: "payload: required (Slack's interaction JSON)");
        return router.Interaction(payload) is { } response ? Results.Json(response) : Results.Ok();
    }

    private static async Task<IResult> CommandsAsync(HttpContext http, SlackRouter router, CancellationToken ct) =>
        Results.Json(await router.CommandAsync(Form(http), ct).ConfigureAwait(false));

    private static IResult Events(HttpContext http)
    {
        var body = Encoding.UTF8.GetString((byte[])http.Items[SlackRequestFilter.BodyKey]!);
        var payload = JsonNode.Parse(body) as JsonObject;
        return payload?["type"]?.GetValue<string>() == "url_verification"
            ? Results.Json(new { challenge = payload["challenge"]?.GetValue<string>() })
            : Results.Ok();
    }
}
