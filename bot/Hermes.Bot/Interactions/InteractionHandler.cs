using System.Globalization;
using Hermes.Bot.Cases;
using Hermes.Bot.Chat;
using Hermes.Bot.Conversation;
using Hermes.Bot.Suppressions;

namespace Hermes.Bot.Interactions;

/// <summary>
/// The one path a button click takes, whichever transport it came from (the console today, Slack's signed
/// interaction payloads next): which action, on which case, by whom, with what reason.
/// </summary>
public sealed class InteractionHandler(ConversationService conversations, CaseStore cases, SuppressionService suppressions, IChatPort chat, TimeProvider time)
{
    public async Task<(AnswerOutcome Outcome, string Reply)> HandleAsync(string actor, string actionId, string value, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(actor)) return (AnswerOutcome.NotAllowed, "Who are you? The interaction carries no user.");
        if (actionId == CaseMessages.WhitelistAction) return await WhitelistAsync(actor, value, cancellationToken).ConfigureAwait(false);
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var caseId)) return (AnswerOutcome.NotFound, "That button does not name a case.");
        bool wasMe;
        if (actionId == CaseMessages.ConfirmAction) wasMe = true;
        else if (actionId == CaseMessages.DenyAction) wasMe = false;
        else return (AnswerOutcome.NotFound, "Unknown action.");
        var outcome = await conversations.AnswerAsync(caseId, new Answer(actor, wasMe, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            await InAskedChannelAsync(caseId, actor, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        return (outcome, outcome switch
        {
            AnswerOutcome.Accepted => wasMe ? $"Thanks: case {caseId} is closed as expected activity." : $"Thanks: case {caseId} is escalated to security.",
            AnswerOutcome.NotAllowed => $"Only the person asked about case {caseId} (or the security team) can answer it.",
            AnswerOutcome.ReasonRequired => $"Case {caseId} needs a reason with \"yes\".",
            AnswerOutcome.RecordedLate => $"Case {caseId} was already escalated; your answer is recorded and posted to the incident.",
            AnswerOutcome.Duplicate => $"Case {caseId} already has this answer.",
            _ => $"Case {caseId} does not exist.",
        });
    }

    /// <summary>For a question asked in a team channel (no owner reachable): is the actor in that channel?</summary>
    private async Task<bool> InAskedChannelAsync(long caseId, string actor, CancellationToken cancellationToken) =>
        await cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false) is { Owner: null, QuestionRef: { } asked }
        && await chat.IsInConversationAsync(asked, actor, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// "Yes, and don't ask again": the owner's yes, then a whitelist of the rule in the case's namespace pinned to the
    /// process fields of the chosen scope, taken from the case's first alert.
    /// </summary>
    private async Task<(AnswerOutcome, string)> WhitelistAsync(string actor, string value, CancellationToken cancellationToken)
    {
        var parts = value.Split(':', 2);
        var scope = CaseMessages.WhitelistScopes.FirstOrDefault(w => parts.Length == 2 && w.Scope == parts[1]);
        if (scope.Fields is null || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var caseId))
            return (AnswerOutcome.NotFound, "That choice does not name a case and a scope.");
        if (await cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } c) return (AnswerOutcome.NotFound, $"Case {caseId} does not exist.");
        var fields = await cases.FirstAlertFieldsAsync(caseId, cancellationToken).ConfigureAwait(false);
        var pinned = scope.Fields.ToDictionary(f => f, f => fields.GetValueOrDefault(f));
        if (pinned.Values.Any(v => v is null or "<NA>"))
            return (AnswerOutcome.NotFound, $"Case {caseId}'s alert has no {string.Join(" and ", scope.Fields)}: answer yes or no instead.");
        var outcome = await conversations.AnswerAsync(caseId, new Answer(actor, true, $"don't ask again for {scope.Label}",
            await InAskedChannelAsync(caseId, actor, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        if (outcome is not (AnswerOutcome.Accepted or AnswerOutcome.Duplicate))
            return (outcome, outcome == AnswerOutcome.NotAllowed ? $"Only the person asked about case {caseId} (or the security team) can answer it." : $"Case {caseId} can no longer be answered with a whitelist.");
        var workload = System.Text.Json.JsonSerializer.Deserialize<Workload>(c.WorkloadJson)!;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var (id, _) = await suppressions.AddAsync(new Suppression(0, "whitelist", c.Rule, "namespace", Suppression.ScopeValueFor("namespace", workload), null, actor,
            $"case {caseId}: don't ask again for {scope.Label}", now, null, null, 0, System.Text.Json.JsonSerializer.Serialize(pinned)), cancellationToken).ConfigureAwait(false);
        return (AnswerOutcome.Accepted, $"Thanks: case {caseId} is closed, and Hermes will not ask again for {scope.Label} (whitelist {id}).");
    }
}
