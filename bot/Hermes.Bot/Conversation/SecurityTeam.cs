namespace Hermes.Bot.Conversation;

/// <summary>The <c>Security</c> section: who may answer any case and resolve escalations, and where triage happens.</summary>
public sealed record SecurityTeam
{
    /// <summary>Chat user ids of the security team.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];

    /// <summary>A Slack user group (S…) whose members also count as the security team, re-read every few minutes.</summary>
    public string? SlackUserGroup { get; init; }

    /// <summary>Where unowned and escalated cases are announced.</summary>
    public string TriageChannel { get; init; } = "#security-triage";

    /// <summary>The on-call schedule or service paged on escalations that page.</summary>
    public string OnCall { get; init; } = "security-oncall";

    public bool IsMember(string actor) => Members.Contains(actor, StringComparer.Ordinal);
}
