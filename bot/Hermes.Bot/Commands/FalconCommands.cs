using System.Globalization;
using System.Text;
using System.Text.Json;
using Hermes.Bot.Cases;
using Hermes.Bot.Chat;
using Hermes.Bot.Conversation;
using Hermes.Bot.Ownership;
using Hermes.Bot.Suppressions;
using Hermes.Playbooks.Loading;

namespace Hermes.Bot.Commands;

/// <summary>
/// <c>/falcon</c>: query and act on cases from chat. Every answer is text for the person who typed it (ephemeral);
/// usage errors say what to type; each subcommand checks who may run it; untrusted values are escaped.
/// </summary>
public sealed class FalconCommands(CaseStore cases, SuppressionStore suppressionStore, SuppressionService suppressions,
    ConversationService conversations, IOwnershipPort ownership, TimeProvider time)
{
    public const string Usage = """
        *Hermes* `/falcon` commands:
        `/falcon list [open|mine|escalated]` cases, newest first
        `/falcon status <case>` one case and its timeline
        `/falcon owner <namespace/pod>` who owns a workload, and why Hermes thinks so
        `/falcon snooze <case> <duration>` stop asking about this finding on this workload (owner or security)
        `/falcon escalate <case> [reason]` hand a case to security now (owner or security)
        `/falcon resolve <case> <reason>` close an escalated case (security)
        `/falcon whitelist list` | `/falcon whitelist remove <id>` (security)
        `/falcon stats` cases by state
        """;

    private static readonly CaseState[] OpenStates = [CaseState.Open, CaseState.ResolvingOwner, CaseState.Asking, CaseState.Reminding];

    public async Task<string> RunAsync(string user, string text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (string.IsNullOrEmpty(user)) return "Slack did not say who you are.";
        var security = conversations.Security.IsMember(user);
        return words switch
        {
            [] or ["help"] => Usage,
            ["list", .. var rest] => await ListAsync(user, rest.FirstOrDefault() ?? "open", ct).ConfigureAwait(false),
            ["status", var id] => await WithCaseAsync(id, c => StatusAsync(c, ct)).ConfigureAwait(false),
            ["owner", var workload] => await OwnerAsync(workload, ct).ConfigureAwait(false),
            ["snooze", var id, var duration] => await WithCaseAsync(id, c => SnoozeAsync(user, security, c, duration, ct)).ConfigureAwait(false),
            ["escalate", var id, .. var reason] => await WithCaseAsync(id, c => EscalateAsync(user, c, string.Join(' ', reason), ct)).ConfigureAwait(false),
            ["resolve", var id, _, ..] when !security => $"Only the security team can resolve case {Mrkdwn.Escape(id)}.",
            ["resolve", var id, .. var reason] => await WithCaseAsync(id, c => ResolveAsync(user, c, string.Join(' ', reason), ct)).ConfigureAwait(false),
            ["resolve", ..] => "Usage: `/falcon resolve <case> <reason>` (the reason goes in the case's timeline).",
            ["whitelist", ..] when !security => "Only the security team can list or remove whitelists.",
            ["whitelist", "list"] => await WhitelistAsync(ct).ConfigureAwait(false),
            ["whitelist", "remove", var id] => await RemoveAsync(user, id, ct).ConfigureAwait(false),
            ["stats"] => await StatsAsync(ct).ConfigureAwait(false),
            ["status" or "snooze" or "escalate" or "owner" or "whitelist" or "list", ..] => $"That is not how `{Mrkdwn.Escape(words[0])}` works.\n{Usage}",
            _ => $"I don't know `{Mrkdwn.Escape(words[0])}`.\n{Usage}",
        };
    }

    private async Task<string> WithCaseAsync(string id, Func<CaseRecord, Task<string>> act)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var caseId)) return $"`{Mrkdwn.Escape(id)}` is not a case number (try `/falcon list`).";
        return await cases.GetAsync(caseId).ConfigureAwait(false) is { } c ? await act(c).ConfigureAwait(false) : $"There is no case {caseId}.";
    }

    private async Task<string> ListAsync(string user, string filter, CancellationToken ct)
    {
        IEnumerable<CaseRecord> rows = filter switch
        {
            "escalated" => await cases.ListAsync(nameof(CaseState.Escalated), null, null, 20, ct).ConfigureAwait(false),
            "mine" => await cases.ListAsync(null, null, user, 20, ct).ConfigureAwait(false),
            "open" => (await Task.WhenAll(OpenStates.Select(s => cases.ListAsync(s.ToString(), null, null, 20, ct))).ConfigureAwait(false)).SelectMany(r => r).OrderByDescending(c => c.Id).Take(20),
            _ => [],
        };
        if (filter is not ("open" or "mine" or "escalated")) return "Usage: `/falcon list [open|mine|escalated]`.";
        var list = rows.ToList();
        return list.Count == 0 ? $"No {filter} cases." : string.Join("\n", list.Select(Line));
    }

    private static string Line(CaseRecord c) =>
        $"*{c.Id}* {c.State} · {Mrkdwn.Escape(c.Rule)} ({Mrkdwn.Escape(c.Priority)}) on `{Mrkdwn.Escape(c.Workload).Replace('`', 'ˋ')}` · {c.AlertCount} alert(s) · owner {Mrkdwn.Escape(c.Owner ?? "unknown")}";

    private async Task<string> StatusAsync(CaseRecord c, CancellationToken ct)
    {
        var text = new StringBuilder(Line(c)).Append('\n').Append(Mrkdwn.Code(c.Summary, 800));
        foreach (var t in (await cases.TimelineAsync(c.Id, ct).ConfigureAwait(false)).TakeLast(8))
            text.Append('\n').Append(DateTimeOffset.FromUnixTimeMilliseconds(t.AtMs).ToString("HH:mm:ss", CultureInfo.InvariantCulture))
                .Append(' ').Append(Mrkdwn.Escape(t.Actor)).Append(": ").Append(Mrkdwn.Escape(t.Detail));
        return text.ToString();
    }

    private async Task<string> OwnerAsync(string workload, CancellationToken ct)
    {
        var parts = workload.Split('/', 2);
        var reference = parts.Length == 2
            ? new Workload(null, parts[0], parts[1], null, null, "", new Dictionary<string, string>())
            : new Workload(null, null, null, null, workload, "", new Dictionary<string, string>());
        var answer = await ownership.ResolveAsync(reference, ct).ConfigureAwait(false);
        if (answer is null) return $"Nobody owns `{Mrkdwn.Escape(workload)}` as far as Hermes knows: its cases go to security triage.";
        return $"`{Mrkdwn.Escape(workload)}` is *{Mrkdwn.Escape(answer.Service)}* ({Mrkdwn.Escape(answer.Repository ?? "no repository")}), owned by "
            + $"{Mrkdwn.Escape(string.Join(", ", answer.Owners))}, channel {Mrkdwn.Escape(answer.Channel ?? "none")}.\n"
            + string.Join("\n", answer.Provenance.Select(p => $"• {Mrkdwn.Escape(p.Key)}: {Mrkdwn.Escape(p.Value)}"));
    }

    private async Task<string> SnoozeAsync(string user, bool security, CaseRecord c, string duration, CancellationToken ct)
    {
        if (c.Owner != user && !security) return $"Only the owner of case {c.Id} or the security team can snooze it.";
        if (!Durations.TryParse(duration, out var span) || span <= TimeSpan.Zero || span > TimeSpan.FromDays(90))
            return $"`{Mrkdwn.Escape(duration)}` is not a duration up to 90 days (like 4h, 7d).";
        var workload = JsonSerializer.Deserialize<Workload>(c.WorkloadJson)!;
        var now = time.GetUtcNow();
        var (id, closed) = await suppressions.AddAsync(new Suppression(0, "snooze", c.Rule, "workload", Suppression.ScopeValueFor("workload", workload),
            (now + span).ToUnixTimeMilliseconds(), user, $"snoozed from case {c.Id}", now.ToUnixTimeMilliseconds(), null, null, 0), ct).ConfigureAwait(false);
        return $"Snoozed {Mrkdwn.Escape(c.Rule)} on `{Mrkdwn.Escape(c.Workload)}` for {Durations.Format(span)} (suppression {id})"
            + (closed.Count > 0 ? $"; closed case(s) {string.Join(", ", closed)}." : ".");
    }

    private async Task<string> EscalateAsync(string user, CaseRecord c, string reason, CancellationToken ct)
    {
        var done = await conversations.FireAsync(c.Id, m => m.Escalate(user, reason.Length > 0 ? reason : "escalated from /falcon"), ct).ConfigureAwait(false);
        return done?.Result == true ? $"Case {c.Id} is escalated to security." : $"Case {c.Id} cannot be escalated by you now (it is {c.State}; owner or security only).";
    }

    private async Task<string> ResolveAsync(string user, CaseRecord c, string reason, CancellationToken ct)
    {
        var done = await conversations.FireAsync(c.Id, m => m.Resolve(user, reason), ct).ConfigureAwait(false);
        return done?.Result == true ? $"Case {c.Id} is resolved." : $"Case {c.Id} is {c.State}; only an escalated case can be resolved.";
    }

    private async Task<string> WhitelistAsync(CancellationToken ct)
    {
        var active = await suppressionStore.ListAsync(false, time.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
        return active.Count == 0 ? "No active whitelists or snoozes." : string.Join("\n", active.Select(s =>
            $"*{s.Id}* {s.Kind} {Mrkdwn.Escape(s.Rule)} at {s.Scope} `{Mrkdwn.Escape(s.ScopeValue)}` by {Mrkdwn.Escape(s.Author)}"
            + (s.ExpiresMs is { } e ? $" until {DateTimeOffset.FromUnixTimeMilliseconds(e):yyyy-MM-dd HH:mm}Z" : "") + $" · {s.Hits} hit(s)"));
    }

    private async Task<string> RemoveAsync(string user, string id, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var sid)) return $"`{Mrkdwn.Escape(id)}` is not a whitelist id (see `/falcon whitelist list`).";
        return await suppressionStore.RemoveAsync(sid, user, time.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false)
            ? $"Removed whitelist {sid}." : $"There is no active whitelist {sid}.";
    }

    private async Task<string> StatsAsync(CancellationToken ct)
    {
        // One COUNT per state in the database, in the machine's state order; not a row fetch per state.
        var counts = (await cases.CountByStateAsync(ct).ConfigureAwait(false)).ToDictionary(c => c.State, c => c.Count);
        var shown = Enum.GetNames<CaseState>().Where(counts.ContainsKey).Select(s => $"{s}: {counts[s]}").ToList();
        return shown.Count == 0 ? "No cases yet." : string.Join(" · ", shown);
    }
}
