using System.Text;
using System.Text.Json;
using Hermes.Bot.Cases;
using static Hermes.Bot.Dashboard.Html;

namespace Hermes.Bot.Dashboard;

/// <summary>
/// <c>/ui/cases</c> (filters: state, rule, owner, namespace, cluster) and <c>/ui/incidents</c> (escalated and
/// resolved cases). The filter form is a plain GET form; with htmx it refreshes only the table.
/// </summary>
public static class CasesPage
{
    private const int Limit = 500;

    public static async Task<IResult> CasesAsync(HttpRequest request, CaseStore cases, CancellationToken ct)
    {
        var q = request.Query;
        string? F(string key) => q[key].FirstOrDefault() is { Length: > 0 } v ? v : null;
        var (state, rule, owner, ns, cluster) = (F("state"), F("rule"), F("owner"), F("namespace"), F("cluster"));
        var rows = Filter(await cases.ListAsync(state, rule, owner, Limit, ct).ConfigureAwait(false), ns, cluster);
        var html = new StringBuilder("<h1>Cases</h1>");
        html.Append("""<form class="filters" method="get" action="/ui/cases" hx-get="/ui/cases" hx-target="#cases" hx-select="#cases" hx-push-url="true" hx-trigger="change, submit">""");
        html.Append("<label>State<select name=\"state\"><option value=\"\">any</option>");
        foreach (var s in Enum.GetNames<CaseState>())
            html.Append($"<option{(s == state ? " selected" : "")}>{s}</option>");
        html.Append("</select></label>");
        foreach (var (key, label, value) in new[] { ("rule", "Rule", rule), ("owner", "Owner", owner), ("namespace", "Namespace", ns), ("cluster", "Cluster", cluster) })
            html.Append($"<label>{label}<input name=\"{key}\" value=\"{E(value)}\"></label>");
        html.Append("<button type=\"submit\">Filter</button></form>");
        html.Append(Table(rows, "No case matches these filters."));
        return Page("Cases", "/ui/cases", html.ToString());
    }

    public static async Task<IResult> IncidentsAsync(CaseStore cases, CancellationToken ct)
    {
        var escalated = await cases.ListAsync(nameof(CaseState.Escalated), null, null, Limit, ct).ConfigureAwait(false);
        var resolved = await cases.ListAsync(nameof(CaseState.Resolved), null, null, Limit, ct).ConfigureAwait(false);
        var html = new StringBuilder("<h1>Incidents</h1><p class=\"muted\">Cases escalated to incident response: the owner said no, never answered, or nobody owns the workload.</p>");
        html.Append("<h2>Open</h2>").Append(Table(escalated, "No open incident."));
        html.Append("<h2>Resolved</h2>").Append(Table(resolved, "No resolved incident."));
        return Page("Incidents", "/ui/incidents", html.ToString());
    }

    private static IReadOnlyList<CaseRecord> Filter(IReadOnlyList<CaseRecord> rows, string? ns, string? cluster)
    {
        if (ns is null && cluster is null) return rows;
        return rows.Where(c =>
        {
            var w = JsonSerializer.Deserialize<Workload>(c.WorkloadJson);
            return (ns is null || w?.Namespace == ns) && (cluster is null || w?.Cluster == cluster);
        }).ToList();
    }

    internal static string Table(IReadOnlyList<CaseRecord> rows, string empty)
    {
        var html = new StringBuilder("<div id=\"cases\">");
        if (rows.Count == 0) return html.Append($"<p class=\"muted\">{E(empty)}</p></div>").ToString();
        html.Append("<table><thead><tr><th>#</th><th>State</th><th>Rule</th><th>Priority</th><th>Workload</th><th>Owner</th><th>Alerts</th><th>Last seen</th></tr></thead><tbody>");
        foreach (var c in rows)
            html.Append($"<tr><td><a href=\"/ui/cases/{c.Id}\">{c.Id}</a></td><td>{State(c.State)}</td><td>{E(c.Rule)}</td><td>{E(c.Priority)}</td>")
                .Append($"<td>{E(c.Workload)}</td><td>{E(c.Owner ?? "—")}</td><td>{c.AlertCount}</td><td>{Time(c.LastSeenMs)}</td></tr>");
        return html.Append("</tbody></table></div>").ToString();
    }
}
