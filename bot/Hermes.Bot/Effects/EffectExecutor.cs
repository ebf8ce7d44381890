using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Hermes.Bot.Cases;
using Hermes.Bot.Chat;
using Hermes.Bot.Conversation;
using Hermes.Bot.Ownership;
using Hermes.Bot.Paging;
using Hermes.Bot.Playbooks;
using Hermes.Bot.Storage;
using Hermes.Bot.Suppressions;
using Hermes.Bot.Timers;

namespace Hermes.Bot.Effects;

/// <summary>
/// Executes one effect against the ports. Each call passes the effect's idempotency key on, so a retry after a
/// crash between "sent" and "marked done" does not send twice. A dry-run effect is recorded, not sent.
/// </summary>
public sealed partial class EffectExecutor(
    Database db, CaseStore cases, ConversationService conversations, PlaybookRegistry playbooks, IChatPort chat, IPagerPort pager,
    ICaseTimers timers, IOwnershipPort ownership, TimeProvider time)
{
    /// <summary>Runs the effect; returns a note when it was deliberately not sent (dry run), null otherwise.</summary>
    public async Task<string?> ExecuteAsync(EffectRow effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        var payload = JsonNode.Parse(effect.Payload)!.AsObject();
        var c = await cases.GetAsync(effect.CaseId, cancellationToken).ConfigureAwait(false)
            ?? throw new ChatPermanentException($"case {effect.CaseId} does not exist");
        if (payload["dry_run"]?.GetValue<bool>() == true) return $"dry run: {effect.Kind} not sent";
        var key = effect.IdempotencyKey;
        switch (effect.Kind)
        {
            case EffectKind.ResolveOwner:
                await ResolveOwnerAsync(c, cancellationToken).ConfigureAwait(false);
                break;
            case EffectKind.Ask:
                var question = CaseMessages.Question(c, playbooks.Find(c.Playbook));
                var reference = payload["user"] is null
                    ? await chat.PostAsync(Text(payload, "channel"), question, key, c.Id, cancellationToken).ConfigureAwait(false)
                    : await chat.SendDirectAsync(Text(payload, "user"), question, key, c.Id, cancellationToken).ConfigureAwait(false);
                await SetAsync(c.Id, "question_ref", reference, cancellationToken).ConfigureAwait(false);
                break;
            case EffectKind.Remind:
                var total = playbooks.Find(c.Playbook).Ask?.Reminders.Count ?? 0;
                var reminder = CaseMessages.Reminder(c, payload["index"]!.GetValue<int>(), total);
                if (c.QuestionRef is { } asked) await chat.ReplyAsync(asked, reminder, key, c.Id, cancellationToken).ConfigureAwait(false);
                else await chat.SendDirectAsync(Text(payload, "user"), reminder, key, c.Id, cancellationToken).ConfigureAwait(false);
                break;
            case EffectKind.UpdateQuestion:
                if (c.QuestionRef is { } questionRef)
                    await chat.UpdateAsync(questionRef, CaseMessages.Closed(c, Text(payload, "detail")), cancellationToken).ConfigureAwait(false);
                break;
            case EffectKind.Notify:
                await chat.PostAsync(Text(payload, "channel"), CaseMessages.Notification(c), key, c.Id, cancellationToken).ConfigureAwait(false);
                break;
            case EffectKind.Escalate:
                await EscalateAsync(c, payload, key, cancellationToken).ConfigureAwait(false);
                break;
            case EffectKind.PostToIncident:
                var text = Text(payload, "text");
                await chat.PostAsync(c.IncidentChannel ?? conversations.Security.TriageChannel, new ChatMessage(text, new JsonArray(new JsonObject
                {
                    ["type"] = "section",
                    ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"Case {c.Id}: {Mrkdwn.Escape(text)}" },
                })), key, c.Id, cancellationToken).ConfigureAwait(false);
                break;
            case EffectKind.ResolvePage:
                await pager.ResolveAsync(c.Id, Text(payload, "note"), cancellationToken).ConfigureAwait(false);
                break;
            case EffectKind.ScheduleTimer:
                await timers.ScheduleAsync(c.Id, Text(payload, "kind"), payload["index"]!.GetValue<int>(),
                    DateTimeOffset.FromUnixTimeMilliseconds(payload["due_ms"]!.GetValue<long>()), cancellationToken).ConfigureAwait(false);
                break;
            case EffectKind.CancelTimers:
                await timers.CancelAsync(c.Id, cancellationToken).ConfigureAwait(false);
                break;
            case EffectKind.Quiet:
                await QuietAsync(c, payload, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ChatPermanentException($"unknown effect kind '{effect.Kind}'");
        }
        return null;
    }

    private async Task ResolveOwnerAsync(CaseRecord c, CancellationToken cancellationToken)
    {
        var workload = JsonSerializer.Deserialize<Workload>(c.WorkloadJson)!;
        var answer = await ownership.ResolveAsync(workload, cancellationToken).ConfigureAwait(false);
        // Owners as the chat transport knows them (Slack: emails looked up to user ids); the unreachable are dropped.
        var reachable = new List<string>();
        foreach (var owner in answer?.Owners ?? [])
            if (await chat.ResolveUserAsync(owner, cancellationToken).ConfigureAwait(false) is { } user) reachable.Add(user);
        if (answer is not null && (reachable.Count > 0 || answer.Channel is not null))
            await conversations.FireAsync(c.Id, m => m.OwnerFound(answer with { Owners = reachable }), cancellationToken).ConfigureAwait(false);
        else
            await conversations.FireAsync(c.Id, m => m.OwnerUnknown(answer is null ? $"no service matches {workload.Key}"
                : answer.Owners.Count == 0 ? $"service {answer.Service} lists no owners"
                : $"no owner of {answer.Service} ({string.Join(", ", answer.Owners)}) can be reached in chat"), cancellationToken).ConfigureAwait(false);
    }

    private async Task EscalateAsync(CaseRecord c, JsonObject payload, string key, CancellationToken cancellationToken)
    {
        var security = conversations.Security;
        var severity = Text(payload, "severity");
        var detail = Text(payload, "detail");
        var members = security.Members.ToList();
        if (c.Owner is { } owner && !members.Contains(owner)) members.Insert(0, owner);
        var room = await chat.OpenIncidentRoomAsync($"inc-{time.GetUtcNow():yyyy-MM-dd}-{c.Id}-{Slug(c.Rule)}", members, key + "/room", c.Id, cancellationToken).ConfigureAwait(false);
        await SetAsync(c.Id, "incident_channel", room, cancellationToken).ConfigureAwait(false);
        var timeline = await cases.TimelineAsync(c.Id, cancellationToken).ConfigureAwait(false);
        await chat.PostAsync(room, CaseMessages.Escalation(c, severity, detail, timeline), key + "/evidence", c.Id, cancellationToken).ConfigureAwait(false);
        var announce = Text(payload, "channel");
        await chat.PostAsync(announce, new ChatMessage($"Case {c.Id} escalated to {room}", new JsonArray(new JsonObject
        {
            ["type"] = "section",
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $":rotating_light: Case {c.Id} (*{Mrkdwn.Escape(c.Rule)}* on {Mrkdwn.Escape(c.Workload)}) escalated ({Mrkdwn.Escape(severity)}): {Mrkdwn.Escape(detail)}. Incident room: {Mrkdwn.Escape(room)}" },
        })), key + "/announce", c.Id, cancellationToken).ConfigureAwait(false);
        if (payload["page"]?.GetValue<bool>() == true)
            await pager.PageAsync(new Page(c.Id, security.OnCall, $"Case {c.Id}: {c.Rule} on {c.Workload} ({detail})", severity, new Dictionary<string, string>
            {
                ["rule"] = c.Rule, ["priority"] = c.Priority, ["workload"] = c.Workload, ["owner"] = c.Owner ?? "unknown",
                ["reason"] = detail, ["incident_room"] = room, ["alerts"] = c.AlertCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }), cancellationToken).ConfigureAwait(false);
    }

    private async Task QuietAsync(CaseRecord c, JsonObject payload, CancellationToken cancellationToken)
    {
        var workload = JsonSerializer.Deserialize<Workload>(c.WorkloadJson)!;
        var scope = Text(payload, "scope");
        var suppression = new Suppression(0, "snooze", c.Rule, scope, Suppression.ScopeValueFor(scope, workload),
            payload["expires_ms"]!.GetValue<long>(), Text(payload, "author"), Text(payload, "reason"), time.GetUtcNow().ToUnixTimeMilliseconds(), null, null, 0);
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        // A retry after the insert committed must not add a second snooze.
        var exists = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM suppressions WHERE rule = @Rule AND scope = @Scope AND scope_value = @ScopeValue AND expires_ms = @ExpiresMs AND author = @Author",
            suppression).ConfigureAwait(false);
        if (exists == 0) await SuppressionStore.InsertAsync(connection, null, suppression).ConfigureAwait(false);
    }

    // Worker-owned columns (message references), outside the machine's version check on purpose.
    private async Task SetAsync(long caseId, string column, string value, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync($"UPDATE cases SET {column} = @value WHERE id = @caseId", new { value, caseId }).ConfigureAwait(false);
    }

    private static string Text(JsonObject payload, string name) =>
        payload[name]?.GetValue<string>() ?? throw new ChatPermanentException($"effect payload has no '{name}'");

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();

    private static string Slug(string rule)
    {
        var slug = NonSlug().Replace(rule.ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
    }
}
