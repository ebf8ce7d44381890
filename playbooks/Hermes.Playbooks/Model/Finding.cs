using Hermes.Rules.Engine;

namespace Hermes.Playbooks.Model;

/// <summary>What a playbook matches against: one Falco alert, its output fields flattened to text.</summary>
/// <param name="Fields">Falco's <c>output_fields</c> (and Hermes' context fields), values as text; null for Falco's &lt;NA&gt;.</param>
public sealed record Finding(
    string Rule, Priority Priority, IReadOnlyList<string> Tags, string Source,
    IReadOnlyDictionary<string, string?> Fields)
{
    /// <summary>The namespace the alert happened in, from the Kubernetes fields Falco and Hermes emit.</summary>
    public string? Namespace => Field("k8s.ns.name") ?? Field("k8smeta.ns.name");

    /// <summary>The cluster, from Hermes' context (stock Falco has none unless configured as a static field).</summary>
    public string? Cluster => Field("hermes.cluster") ?? Field("k8s.cluster.name");

    public string? Field(string name) => Fields.TryGetValue(name, out var value) && value is { Length: > 0 } and not "<NA>" ? value : null;
}
