namespace Hermes.Playbooks.Model;

/// <summary>The scope a confirmation quiets: the same rule on the same workload, namespace, cluster, or everywhere.</summary>
public enum QuietScope
{
    Workload,
    Namespace,
    Cluster,
    Rule,
}

/// <summary>After the owner confirms, the same finding in this scope is stored but not asked about for this long.</summary>
public sealed record QuietOnConfirm(TimeSpan Duration, QuietScope Scope);
