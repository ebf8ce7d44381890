using System.Globalization;
using Hermes.Bot.Chat;
using Hermes.Bot.Conversation;

namespace Hermes.Bot.Interactions;

/// <summary>
/// The one path a button click takes, whichever transport it came from (the console today, Slack's signed
/// interaction payloads next): which action, on which case, by whom, with what reason.
/// </summary>
public sealed class InteractionHandler(ConversationService conversations)
{
    public async Task<(AnswerOutcome Outcome, string Reply)> HandleAsync(string actor, string actionId, string value, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(actor)) return (AnswerOutcome.NotAllowed, "Who are you? The interaction carries no user.");
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var caseId)) return (AnswerOutcome.NotFound, "That button does not name a case.");
        bool wasMe;
        if (actionId == CaseMessages.ConfirmAction) wasMe = true;
        else if (actionId == CaseMessages.DenyAction) wasMe = false;
        else return (AnswerOutcome.NotFound, "Unknown action.");
        var outcome = await conversations.AnswerAsync(caseId, new Answer(actor, wasMe, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()), cancellationToken).ConfigureAwait(false);
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
}
