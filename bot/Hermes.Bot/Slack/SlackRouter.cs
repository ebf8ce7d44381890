using System.Text.Json.Nodes;
using Hermes.Bot.Chat;
using Hermes.Bot.Commands;
using Hermes.Bot.Conversation;
using Hermes.Bot.Interactions;
using Hermes.Slack.Api;

namespace Hermes.Bot.Slack;

/// <summary>
/// What Hermes does with an interaction or a slash command from Slack, whichever way it arrived (the signed HTTP
/// endpoints or a Socket Mode envelope). Interactions return at once and do their work in <see cref="SlackInbox"/>.
/// </summary>
public sealed class SlackRouter(SlackInbox inbox, InteractionHandler handler, SlackMethods slack, FalconCommands commands)
{
    public const string ReasonCallback = "hermes_reason";

    /// <summary>Handles an interaction payload; returns the immediate response body Slack expects, if any.</summary>
    public object? Interaction(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var actor = payload["user"]?["id"]?.GetValue<string>() ?? "";
        switch (payload["type"]?.GetValue<string>())
        {
            case "block_actions" when (payload["actions"] is JsonArray { Count: > 0 } actions):
                var action = actions[0]!;
                var channel = payload["channel"]?["id"]?.GetValue<string>() ?? payload["container"]?["channel_id"]?.GetValue<string>() ?? "";
                var actionId = action["action_id"]?.GetValue<string>() ?? "";
                var value = action["value"]?.GetValue<string>() ?? action["selected_option"]?["value"]?.GetValue<string>() ?? "";
                var trigger = payload["trigger_id"]?.GetValue<string>() ?? "";
                inbox.Enqueue(async ct =>
                {
                    var (outcome, reply) = await handler.HandleAsync(actor, actionId, value, null, ct).ConfigureAwait(false);
                    if (outcome == AnswerOutcome.ReasonRequired) await slack.OpenViewAsync(trigger, ReasonModal(value), ct).ConfigureAwait(false);
                    else if (outcome != AnswerOutcome.Accepted && channel.Length > 0) await slack.PostEphemeralAsync(channel, actor, reply, ct).ConfigureAwait(false);
                });
                return null;
            case "view_submission" when (payload["view"]?["callback_id"]?.GetValue<string>() == ReasonCallback):
                var caseId = payload["view"]!["private_metadata"]?.GetValue<string>() ?? "";
                var reason = payload["view"]!["state"]?["values"]?["reason"]?["reason"]?["value"]?.GetValue<string>();
                if (string.IsNullOrWhiteSpace(reason))
                    return new { response_action = "errors", errors = new Dictionary<string, string> { ["reason"] = "Say why this was expected." } };
                inbox.Enqueue(ct => handler.HandleAsync(actor, CaseMessages.ConfirmAction, caseId, reason, ct));
                return null;
            default:
                return null;
        }
    }

    /// <summary>Runs a /falcon command (Slack's form fields); the answer is ephemeral.</summary>
    public async Task<JsonObject> CommandAsync(IReadOnlyDictionary<string, string> form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var text = await commands.RunAsync(form.GetValueOrDefault("user_id") ?? "", form.GetValueOrDefault("text") ?? "", ct).ConfigureAwait(false);
        return new JsonObject { ["response_type"] = "ephemeral", ["text"] = text };
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

}
