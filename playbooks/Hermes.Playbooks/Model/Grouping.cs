namespace Hermes.Playbooks.Model;

/// <summary>What makes two alerts one case.</summary>
public enum GroupKey
{
    Rule,
    Workload,
    Namespace,
    Cluster,
    Host,
}

/// <summary>Alerts with the same key within <paramref name="Window"/> of a case's first alert join that case.</summary>
public sealed record Grouping(TimeSpan Window, IReadOnlyList<GroupKey> By)
{
    public static Grouping Default { get; } = new(TimeSpan.FromHours(1), [GroupKey.Rule, GroupKey.Workload]);
}
