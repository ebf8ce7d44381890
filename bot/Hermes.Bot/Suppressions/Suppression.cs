using Hermes.Bot.Cases;
using Hermes.Playbooks.Model;

namespace Hermes.Bot.Suppressions;

/// <summary>
/// A whitelist (no expiry) or snooze (until <see cref="ExpiresMs"/>): alerts of <see cref="Rule"/> (exact or glob)
/// within the scope are stored and counted but never become a question. Scopes, as in Frame.io's Slack buttons:
/// one workload (<c>cluster/namespace/pod</c>), a namespace (<c>cluster/namespace</c>), a cluster, or the rule everywhere.
/// </summary>
/// <param name="MatchFields">Output-field values that must also match (JSON object, e.g. {"proc.name":"bash"}); "{}" for none.</param>
public sealed record Suppression(
    long Id, string Kind, string Rule, string Scope, string ScopeValue, long? ExpiresMs, string Author, string Reason,
    long CreatedMs, long? RemovedMs, string? RemovedBy, long Hits, string MatchFields = "{}")
{
    public static readonly string[] Scopes = ["workload", "namespace", "cluster", "rule"];

    public bool Matches(string rule, Workload workload, Func<string, string?> field) =>
        new TextPattern(Rule).Matches(rule) && Scope switch
        {
            "workload" => ScopeValue == workload.Key,
            "namespace" => ScopeValue == NamespaceKey(workload),
            "cluster" => ScopeValue == (workload.Cluster ?? "-"),
            _ => true,
        } && Fields.All(f => field(f.Key) == f.Value);

    /// <summary>The field conditions, parsed once.</summary>
    public IReadOnlyDictionary<string, string> Fields => _fields ??=
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(MatchFields) ?? [];

    private IReadOnlyDictionary<string, string>? _fields;

    /// <summary>The scope value that covers <paramref name="workload"/> at <paramref name="scope"/>.</summary>
    public static string ScopeValueFor(string scope, Workload workload) => scope switch
    {
        "workload" => workload.Key,
        "namespace" => NamespaceKey(workload),
        "cluster" => workload.Cluster ?? "-",
        _ => "*",
    };

    private static string NamespaceKey(Workload w) => $"{w.Cluster ?? "-"}/{w.Namespace ?? "-"}";
}
