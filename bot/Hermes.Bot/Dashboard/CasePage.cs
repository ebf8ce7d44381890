using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Cases;
using Hermes.Bot.Ownership;
using static Hermes.Bot.Dashboard.Html;

namespace Hermes.Bot.Dashboard;

/// <summary><c>/ui/cases/{id}</c>: the case, its ownership answer with provenance, the evidence (alerts and their fields) and the timeline.</summary>
public static class CasePage
{
    public static async Task<IResult> ShowAsync(long id, CaseStore cases, CancellationToken ct)
    {
        if (await cases.GetAsync(id, ct).ConfigureAwait(false) is not { } c)
            return Results.Content(NotFound(id), "text/html; charset=utf-8", statusCode: 404);
        var alerts = await cases.AlertsAsync(id, 50, ct).ConfigureAwait(false);
        var timeline = await cases.TimelineAsync(id, ct).ConfigureAwait(false);
        var html = new StringBuilder($"<h1>Case {c.Id}: {E(c.Rule)} {State(c.State)}</h1>");
        html.Append("<dl class=\"facts\" id=\"summary\">");
        void Fact(string name, string? value)
        {
            if (value is not null) html.Append($"<dt>{name}</dt><dd>{E(value)}</dd>");
        }
        Fact("Priority", c.Priority);
        Fact("Workload", c.Workload);
        Fact("Playbook", c.Playbook + (c.DryRun ? " (dry run)" : ""));
        Fact("Owner", c.Owner ?? "nobody yet");
        Fact("Alerts", $"{c.AlertCount} (first {Time(c.FirstSeenMs)}, last {Time(c.LastSeenMs)})");
        Fact("Incident channel", c.IncidentChannel);
        Fact("Escalation", c.EscalationReason);
        html.Append("</dl>");

        html.Append("<h2>Ownership</h2><div id=\"ownership\">");
        if (c.OwnershipJson is null || JsonSerializer.Deserialize<OwnershipAnswer>(c.OwnershipJson) is not { } answer)
            html.Append("<p class=\"muted\">No ownership answer recorded.</p>");
        else
        {
            html.Append("<dl class=\"facts\">");
            void Owned(string name, string? value, string key)
            {
                if (value is null) return;
                html.Append($"<dt>{name}</dt><dd>{E(value)}");
                if (answer.Provenance.TryGetValue(key, out var why)) html.Append($"<span class=\"why\">{E(why)}</span>");
                html.Append("</dd>");
            }
            Owned("Service", answer.Service, "service");
            Owned("Repository", answer.Repository, "repository");
            Owned("Revision", answer.Revision, "revision");
            Owned("Owners", string.Join(", ", answer.Owners), "owners");
            Owned("Channel", answer.Channel, "channel");
            Owned("Criticality", answer.Criticality, "criticality");
            Owned("On call", answer.OnCall, "on-call");
            foreach (var (key, why) in answer.Provenance.Where(p => p.Key.StartsWith("person ", StringComparison.Ordinal)))
                html.Append($"<dt>{E(key)}</dt><dd><span class=\"why\">{E(why)}</span></dd>");
            html.Append("</dl>");
        }
        html.Append("</div>");

        html.Append("<h2>Evidence</h2><div id=\"evidence\">");
        foreach (var a in alerts)
        {
            html.Append($"<h3>{E(a.Time)} · {E(a.Priority)}</h3><pre>{E(a.Output)}</pre>");
            if (JsonNode.Parse(a.Body)?["output_fields"] is JsonObject fields)
            {
                html.Append("<table class=\"fields\"><tbody>");
                foreach (var (name, value) in fields)
                    html.Append($"<tr><th>{E(name)}</th><td><code>{E(value?.ToString())}</code></td></tr>");
                html.Append("</tbody></table>");
            }
        }
        html.Append("</div>");

        html.Append("<h2>Timeline</h2><table id=\"timeline\"><thead><tr><th>When</th><th>Who</th><th>What</th><th>State</th><th>Detail</th></tr></thead><tbody>");
        foreach (var t in timeline)
            html.Append($"<tr><td>{Time(t.AtMs)}</td><td>{E(t.Actor)}</td><td>{E(t.Kind)}</td><td>{E(t.FromState)} → {E(t.ToState)}</td><td>{E(t.Detail)}</td></tr>");
        html.Append("</tbody></table>");
        return Page($"Case {c.Id}", "/ui/cases", html.ToString());
    }

    private static string NotFound(long id) =>
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found · Hermes</title></head><body><p>There is no case {id}. <a href=\"/ui/cases\">All cases</a></p></body></html>";
}
