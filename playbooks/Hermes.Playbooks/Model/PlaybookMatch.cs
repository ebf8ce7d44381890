namespace Hermes.Playbooks.Model;

/// <summary>
/// Which findings a playbook takes. Every condition given must hold (AND); inside one condition any listed value
/// may match (OR). An empty match takes everything.
/// </summary>
public sealed record PlaybookMatch
{
    public IReadOnlyList<TextPattern> Rules { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public PriorityCondition? Priority { get; init; }
    public IReadOnlyList<TextPattern> Sources { get; init; } = [];
    public IReadOnlyList<TextPattern> Namespaces { get; init; } = [];
    public IReadOnlyList<TextPattern> Clusters { get; init; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<TextPattern>> Fields { get; init; } = new Dictionary<string, IReadOnlyList<TextPattern>>();

    public bool Matches(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (Priority is not null && !Priority.Matches(finding.Priority)) return false;
        if (Rules.Count > 0 && !Rules.Any(r => r.Matches(finding.Rule))) return false;
        if (Tags.Count > 0 && !Tags.Any(t => finding.Tags.Contains(t, StringComparer.Ordinal))) return false;
        if (Sources.Count > 0 && !Sources.Any(s => s.Matches(finding.Source))) return false;
        if (Namespaces.Count > 0 && !Namespaces.Any(n => n.Matches(finding.Namespace))) return false;
        if (Clusters.Count > 0 && !Clusters.Any(c => c.Matches(finding.Cluster))) return false;
        foreach (var (field, values) in Fields)
            if (!values.Any(v => v.Matches(finding.Field(field)))) return false;
        return true;
    }
}
