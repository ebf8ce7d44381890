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

public static class CaseStates
{
    /// <summary>States in which nothing more is waited for.</summary>
    public static bool IsClosed(CaseState state) => state is CaseState.Confirmed or CaseState.Resolved or CaseState.Notified or CaseState.Suppressed;
}
