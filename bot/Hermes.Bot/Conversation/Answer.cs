namespace Hermes.Bot.Conversation;

/// <summary>Someone's reply to "was this you?": who, yes or no, and why (may be required by the playbook).</summary>
/// <param name="InAskedChannel">The transport checked that the actor is in the channel a team question was asked in.</param>
public sealed record Answer(string Actor, bool WasMe, string? Reason, bool InAskedChannel = false);

/// <summary>A decision someone takes on a case (resolve, escalate) and why; the reason goes in the timeline.</summary>
public sealed record Decision(string Actor, string Reason);

/// <summary>What became of an answer, for the person who gave it.</summary>
public enum AnswerOutcome
{
    Accepted,
    NotAllowed,
    ReasonRequired,
    RecordedLate,
    Duplicate,
    NotFound,
}
