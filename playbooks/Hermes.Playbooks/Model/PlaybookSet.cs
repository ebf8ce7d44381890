namespace Hermes.Playbooks.Model;

/// <summary>
/// The active playbooks in order (files by name, playbooks in file order) and the default for everything
/// unmatched. The first playbook that matches takes the finding, like a firewall's rule list.
/// </summary>
public sealed class PlaybookSet
{
    public PlaybookSet(IReadOnlyList<Playbook> playbooks, Playbook? fallback)
    {
        Playbooks = playbooks;
        Default = fallback ?? BuiltInDefault;
    }

    public IReadOnlyList<Playbook> Playbooks { get; }
    public Playbook Default { get; }

    /// <summary>Used when no file declares <c>default: true</c>: ask the owner, remind twice, escalate after an hour.</summary>
    public static Playbook BuiltInDefault { get; } = new()
    {
        Name = "built-in-default",
        Description = "Ask the owner; escalate to security triage after an hour of silence.",
        Ask = new AskOwner(TimeSpan.FromHours(1), [TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(45)], null, RequireReason: false),
        IsDefault = true,
    };

    public Playbook Match(Finding finding) => Playbooks.FirstOrDefault(p => p.Match.Matches(finding)) ?? Default;

    public Playbook? Find(string name) =>
        Playbooks.FirstOrDefault(p => p.Name == name) ?? (Default.Name == name ? Default : null);
}
