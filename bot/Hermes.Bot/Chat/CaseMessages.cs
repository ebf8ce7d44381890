using System.Globalization;
using System.Text.Json.Nodes;
using Hermes.Bot.Cases;
using Hermes.Playbooks.Loading;
using Hermes.Playbooks.Model;

namespace Hermes.Bot.Chat;

/// <summary>
/// The Block Kit messages of a case, as pure functions of the case (pinned by golden JSON in the tests). Every
/// value that came from the watched system is escaped; buttons carry the case id and nothing else.
/// </summary>
public static class CaseMessages
{
    public const string ConfirmAction = "hermes_confirm";
    public const string DenyAction = "hermes_deny";
    public const string WhitelistAction = "hermes_whitelist";

    /// <summary>Frame.io's three "don't ask again" scopes, as (value suffix, label, the output fields they pin).</summary>
    public static readonly IReadOnlyList<(string Scope, string Label, string[] Fields)> WhitelistScopes =
    [
        ("process", "this process name", ["proc.name"]),
        ("process_path", "this process and executable path", ["proc.name", "proc.exepath"]),
        ("parent_cmdline", "this parent and command line", ["proc.pname", "proc.cmdline"]),
    ];

    public static ChatMessage Question(CaseRecord c, Playbook playbook)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(playbook);
        var ask = playbook.Ask;
        var terms = ask is null ? "" : $"Please answer within {Durations.Format(ask.Timeout)}{(ask.BusinessHours is null ? "" : " (business hours)")}; silence escalates to security."
            + (ask.RequireReason ? " A \"yes\" needs a reason." : "");
        return new ChatMessage($"Was this you? {c.Rule} on {c.Workload}", new JsonArray(
            Header("Was this you?"),
            Section($"Hermes saw *{Chat.Mrkdwn.Escape(c.Rule)}* ({Chat.Mrkdwn.Escape(c.Priority)}) in a workload you own."),
            Fields(c),
            Section(Chat.Mrkdwn.Code(c.Summary)),
            Context($"Case {c.Id} · playbook {Chat.Mrkdwn.Escape(c.Playbook)} · {terms}"),
            Context($"Why you: {Chat.Mrkdwn.Escape(Provenance(c))}"),
            new JsonObject
            {
                ["type"] = "actions",
                ["block_id"] = $"case/{c.Id}",
                ["elements"] = ask?.AllowWhitelist == true
                    ? new JsonArray(Button("Yes, it was me", ConfirmAction, c.Id, "primary"), Button("No, it wasn't me", DenyAction, c.Id, "danger"), WhitelistSelect(c))
                    : new JsonArray(Button("Yes, it was me", ConfirmAction, c.Id, "primary"), Button("No, it wasn't me", DenyAction, c.Id, "danger")),
            }));
    }

    public static ChatMessage Reminder(CaseRecord c, int index, int total)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new ChatMessage($"Reminder: was this you? {c.Rule}", new JsonArray(
            Section($":bell: Reminder {index + 1} of {total}: case {c.Id}, *{Chat.Mrkdwn.Escape(c.Rule)}* on `{Chat.Mrkdwn.Escape(c.Workload).Replace('`', 'ˋ')}`, is waiting for your answer. Use the buttons on the question.")));
    }

    /// <summary>The question as it reads once the case has moved on: no buttons, how it ended.</summary>
    public static ChatMessage Closed(CaseRecord c, string detail)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new ChatMessage($"Case {c.Id}: {detail}", new JsonArray(
            Section($"*{Chat.Mrkdwn.Escape(c.Rule)}* ({Chat.Mrkdwn.Escape(c.Priority)}) on `{Chat.Mrkdwn.Escape(c.Workload).Replace('`', 'ˋ')}`"),
            Section(Chat.Mrkdwn.Code(c.Summary)),
            Context($"Case {c.Id} is {c.State.ToLowerInvariant()} ({Stamp(c.UpdatedMs)}): {Chat.Mrkdwn.Escape(detail)}")));
    }

    /// <summary>Why this person was asked: the ownership answer's provenance, one line.</summary>
    private static string Provenance(CaseRecord c)
    {
        if (c.OwnershipJson is null) return "no ownership answer recorded";
        var answer = System.Text.Json.JsonSerializer.Deserialize<Ownership.OwnershipAnswer>(c.OwnershipJson);
        return answer is null ? "no ownership answer recorded"
            : $"{answer.Service}: " + string.Join("; ", answer.Provenance.Select(p => $"{p.Key} from {p.Value}"));
    }

    public static ChatMessage Notification(CaseRecord c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new ChatMessage($"{c.Rule} on {c.Workload}", new JsonArray(
            Section($"*{Chat.Mrkdwn.Escape(c.Rule)}* ({Chat.Mrkdwn.Escape(c.Priority)})"),
            Fields(c),
            Section(Chat.Mrkdwn.Code(c.Summary)),
            Context($"Case {c.Id} · playbook {Chat.Mrkdwn.Escape(c.Playbook)} · {c.AlertCount} alert(s)")));
    }

    /// <summary>The evidence posted in the incident room: what, where, who was asked, and the timeline so far.</summary>
    public static ChatMessage Escalation(CaseRecord c, string severity, string detail, IReadOnlyList<TimelineEntry> timeline)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(timeline);
        var lines = string.Join("\n", timeline.Select(t =>
            $"{DateTimeOffset.FromUnixTimeMilliseconds(t.AtMs).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z {t.Actor}: {t.Detail}"));
        return new ChatMessage($"Incident ({severity}): {c.Rule} on {c.Workload}", new JsonArray(
            Header($"Incident ({severity}): {c.Rule}"),
            Section($"Escalated: {Chat.Mrkdwn.Escape(detail)}"),
            Fields(c),
            Section("*Evidence*\n" + Chat.Mrkdwn.Code(c.Summary)),
            Section("*Timeline*\n" + Chat.Mrkdwn.Code(lines)),
            Context($"Case {c.Id} · {c.AlertCount} alert(s) between {Stamp(c.FirstSeenMs)} and {Stamp(c.LastSeenMs)}")));
    }

    private static JsonObject Fields(CaseRecord c) => new()
    {
        ["type"] = "section",
        ["fields"] = new JsonArray(
            MrkdwnText($"*Workload*\n{Chat.Mrkdwn.Escape(c.Workload)}"),
            MrkdwnText($"*Alerts*\n{c.AlertCount}"),
            MrkdwnText($"*Owner*\n{Chat.Mrkdwn.Escape(c.Owner ?? "unknown")}"),
            MrkdwnText($"*First seen*\n{Stamp(c.FirstSeenMs)}")),
    };

    // "Yes, and don't ask again": a choice of scope, behind a confirm dialog (a whitelist is not undone by a click).
    private static JsonObject WhitelistSelect(CaseRecord c) => new()
    {
        ["type"] = "static_select",
        ["action_id"] = WhitelistAction,
        ["placeholder"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Yes, and don't ask again for…" },
        ["options"] = new JsonArray(WhitelistScopes.Select(w => (JsonNode)new JsonObject
        {
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = w.Label },
            ["value"] = $"{c.Id.ToString(CultureInfo.InvariantCulture)}:{w.Scope}",
        }).ToArray()),
        ["confirm"] = new JsonObject
        {
            ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Don't ask again?" },
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"Hermes will stop asking about *{Chat.Mrkdwn.Escape(c.Rule)}* for this in the namespace, for everyone. The security team can see and remove it." },
            ["confirm"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Yes, whitelist it" },
            ["deny"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Cancel" },
        },
    };

    private static string Stamp(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // Plain text objects are not parsed by Slack, but escape anyway: the console renders the same JSON.
    private static JsonObject Header(string text) => new() { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Truncate(text, 150) } };

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = MrkdwnText(Truncate(mrkdwn, 3000)) };

    private static JsonObject Context(string mrkdwn) => new() { ["type"] = "context", ["elements"] = new JsonArray(MrkdwnText(mrkdwn)) };

    private static JsonObject MrkdwnText(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject Button(string text, string actionId, long caseId, string style) => new()
    {
        ["type"] = "button",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text },
        ["action_id"] = actionId,
        ["value"] = caseId.ToString(CultureInfo.InvariantCulture),
        ["style"] = style,
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
