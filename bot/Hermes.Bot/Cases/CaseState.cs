namespace Hermes.Bot.Cases;

/// <summary>Where a case's conversation stands. See <c>bot/Hermes.Bot/Conversation/case-machine.md</c> for the diagram.</summary>
public enum CaseState
{
    Open,
    ResolvingOwner,
    Asking,
    Reminding,
    Confirmed,
    Escalated,
    Resolved,
    Notified,
    Suppressed,
}
