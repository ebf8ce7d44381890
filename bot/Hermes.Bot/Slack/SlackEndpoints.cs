using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Hermes.Bot.Chat;
using Hermes.Bot.Commands;
using Hermes.Bot.Conversation;
using Hermes.Bot.Interactions;
using Hermes.Slack.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace Hermes.Bot.Slack;

/// <summary>
/// Slack's inbound requests, all verified by <see cref="SlackRequestFilter"/>: <c>/slack/interactions</c> (button
/// clicks, the reason modal), <c>/slack/commands</c> (<c>/falcon</c>), <c>/slack/events</c> (URL verification).
/// Interactions are acknowledged at once and handled in <see cref="SlackInbox"/>.
/// </summary>
public static class SlackEndpoints
{
    public const string ReasonCallback = "hermes_reason";

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

    private static IResult Interactions(HttpContext http, SlackInbox inbox, InteractionHandler handler, SlackMethods slack)
    {
        if (!Form(http).TryGetValue("payload", out var json) || JsonNode.Parse(json) is not JsonObject payload)
            return Results.Problem(statusCode: 400, title: "invalid interaction", detail: "payload: required (Slack's interaction JSON)");
        var actor = payload["user"]?["id"]?.GetValue<string>() ?? "";
        switch (payload["type"]?.GetValue<string>())
        {
            case "block_actions" when (payload["actions"] is JsonArray { Count: > 0 } actions):
                var action = actions[0]!;
                var channel = payload["channel"]?["id"]?.GetValue<string>() ?? payload["container"]?["channel_id"]?.GetValue<string>() ?? "";
                var actionId = action["action_id"]?.GetValue<string>() ?? "";
                var value = action["value"]?.GetValue<string>() ?? "";
                var trigger = payload["trigger_id"]?.GetValue<string>() ?? "";
                inbox.Enqueue(async ct =>
                {
                    var (outcome, reply) = await handler.HandleAsync(actor, actionId, value, null, ct).ConfigureAwait(false);
                    if (outcome == AnswerOutcome.ReasonRequired) await slack.OpenViewAsync(trigger, ReasonModal(value), ct).ConfigureAwait(false);
                    else if (outcome != AnswerOutcome.Accepted && channel.Length > 0) await slack.PostEphemeralAsync(channel, actor, reply, ct).ConfigureAwait(false);
                });
                return Results.Ok();
            case "view_submission" when (payload["view"]?["callback_id"]?.GetValue<string>() == ReasonCallback):
                var caseId = payload["view"]!["private_metadata"]?.GetValue<string>() ?? "";
                var reason = payload["view"]!["state"]?["values"]?["reason"]?["reason"]?["value"]?.GetValue<string>();
                if (string.IsNullOrWhiteSpace(reason))
                    return Results.Json(new { response_action = "errors", errors = new Dictionary<string, string> { ["reason"] = "Say why this was expected." } });
                inbox.Enqueue(ct => handler.HandleAsync(actor, CaseMessages.ConfirmAction, caseId, reason, ct));
                return Results.Ok();
            default:
                return Results.Ok();
        }
    }

    /// <summary>The modal that asks for the reason a playbook requires with "yes".</summary>
    public static JsonObject ReasonModal(string caseId) => new()
    {
        ["type"] = "modal",
        ["callback_id"] = ReasonCallback,
        ["private_metadata"] = caseId,
        ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = $"Case {caseId}" },
        ["submit"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Yes, it was me" },
        ["close"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Cancel" },
        ["blocks"] = new JsonArray(new JsonObject
        {
            ["type"] = "input",
            ["block_id"] = "reason",
            ["label"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Why was this expected?" },
            ["element"] = new JsonObject { ["type"] = "plain_text_input", ["action_id"] = "reason", ["multiline"] = true, ["max_length"] = 2000 },
        }),
    };

    private static async Task<IResult> CommandsAsync(HttpContext http, FalconCommands commands, CancellationToken ct)
    {
        var form = Form(http);
        var text = await commands.RunAsync(form.GetValueOrDefault("user_id") ?? "", form.GetValueOrDefault("text") ?? "", ct).ConfigureAwait(false);
        return Results.Json(new { response_type = "ephemeral", text });
    }

    private static IResult Events(HttpContext http)
    {
        var body = Encoding.UTF8.GetString((byte[])http.Items[SlackRequestFilter.BodyKey]!);
        var payload = JsonNode.Parse(body) as JsonObject;
        return payload?["type"]?.GetValue<string>() == "url_verification"
            ? Results.Json(new { challenge = payload["challenge"]?.GetValue<string>() })
            : Results.Ok();
    }

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
