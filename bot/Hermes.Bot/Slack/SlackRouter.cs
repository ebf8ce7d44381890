using System.Text.Json.Nodes;
using Hermes.Bot.Chat;
using Hermes.Bot.Commands;
using Hermes.Bot.Conversation;
using Hermes.Bot.Interactions;
using System.Net.Http.Json;
using Hermes.Slack.Api;
using Microsoft.Extensions.Options;

namespace Hermes.Bot.Slack;

/// <summary>
/// What Hermes does with an interaction or a slash command from Slack, whichever way it arrived (the signed HTTP
/// endpoints or a Socket Mode envelope). Interactions return at once and do their work in <see cref="SlackInbox"/>.
/// </summary>
public sealed class SlackRouter(SlackInbox inbox, InteractionHandler handler, SlackMethods slack, FalconCommands commands,
    IHttpClientFactory httpClients, IOptions<SlackOptions> options)
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

    /// <summary>
    /// Runs a /falcon command (Slack's form fields); the answer is ephemeral. Slack gives a command 3 seconds: what
    /// is not done within <see cref="SlackOptions.CommandBudget"/> is acknowledged ("working on it") and its answer
    /// posted to the command's <c>response_url</c> when ready.
    /// </summary>
    public async Task<JsonObject> CommandAsync(IReadOnlyDictionary<string, string> form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        // On the thread pool (SQLite's "async" calls complete synchronously, so only this makes the budget hold) and
        // not bound to the request: a deferred command must outlive it.
        var run = Task.Run(() => commands.RunAsync(form.GetValueOrDefault("user_id") ?? "", form.GetValueOrDefault("text") ?? "", CancellationToken.None), CancellationToken.None);
        if (await Task.WhenAny(run, Task.Delay(options.Value.CommandBudget, ct)).ConfigureAwait(false) == run)
            return Ephemeral(await run.ConfigureAwait(false));
        if (!Uri.TryCreate(form.GetValueOrDefault("response_url"), UriKind.Absolute, out var responseUrl))
            return Ephemeral(await run.ConfigureAwait(false));
        inbox.Enqueue(async token =>
        {
            using var client = httpClients.CreateClient("slack-response-url");
            using var response = await client.PostAsJsonAsync(responseUrl, Ephemeral(await run.ConfigureAwait(false)), token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        });
        return Ephemeral("Working on it…");
    }

    private static JsonObject Ephemeral(string text) => new() { ["response_type"] = "ephemeral", ["text"] = text };

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
