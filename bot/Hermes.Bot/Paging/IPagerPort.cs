namespace Hermes.Bot.Paging;

/// <summary>
/// Pages the security on-call for an escalated case, and resolves the page when the case is resolved. Both are
/// keyed by the case (PagerDuty's dedup_key, Opsgenie's alias), so a repeated call is the same page.
/// </summary>
public interface IPagerPort
{
    Task PageAsync(Page page, CancellationToken cancellationToken);

    Task ResolveAsync(long caseId, string note, CancellationToken cancellationToken);
}

/// <param name="Severity">The playbook's escalation severity: low, medium, high or critical.</param>
public sealed record Page(long CaseId, string OnCall, string Summary, string Severity, IReadOnlyDictionary<string, string> Details)
{
    /// <summary>The key every provider deduplicates on: one page per case.</summary>
    public string DedupKey => DedupKeyFor(CaseId);

    public static string DedupKeyFor(long caseId) => $"hermes-case-{caseId}";

    /// <summary>The details as the JSON object both providers carry (custom_details, details).</summary>
    public System.Text.Json.Nodes.JsonObject DetailsJson()
    {
        var json = new System.Text.Json.Nodes.JsonObject();
        foreach (var (key, value) in Details) json[key] = value;
        return json;
    }
}
