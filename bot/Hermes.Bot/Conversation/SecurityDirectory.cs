using Microsoft.Extensions.Options;

namespace Hermes.Bot.Conversation;

/// <summary>
/// Who counts as the security team right now: <c>Security:Members</c> plus the members of
/// <c>Security:SlackUserGroup</c>, as last synced (a failed sync keeps the previous members).
/// </summary>
public sealed class SecurityDirectory(IOptions<SecurityTeam> options)
{
    private volatile SecurityTeam? _team;

    public SecurityTeam Team => _team ?? options.Value;

    public void SetGroupMembers(IReadOnlyList<string> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _team = options.Value with { Members = options.Value.Members.Union(members, StringComparer.Ordinal).ToList() };
    }
}
