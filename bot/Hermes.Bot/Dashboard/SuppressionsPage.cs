using System.Text;
using Hermes.Bot.Security;
using Hermes.Bot.Suppressions;
using static Hermes.Bot.Dashboard.Html;

namespace Hermes.Bot.Dashboard;

/// <summary><c>/ui/suppressions</c>: active whitelists (permanent) and snoozes (until a time), each removable.</summary>
public static class SuppressionsPage
{
    public static async Task<IResult> ListAsync(string? notice, SuppressionStore store, TimeProvider time, CancellationToken ct)
    {
        var active = await store.ListAsync(false, time.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
        var html = new StringBuilder("<h1>Whitelists &amp; snoozes</h1>");
        if (notice is not null) html.Append($"<p class=\"notice\" role=\"status\">{E(notice)}</p>");
        if (active.Count == 0) html.Append("<p class=\"muted\">Nothing is whitelisted or snoozed.</p>");
        else
        {
            html.Append("<table id=\"suppressions\"><thead><tr><th>#</th><th>Kind</th><th>Rule</th><th>Scope</th><th>Fields</th><th>Until</th><th>By</th><th>Why</th><th>Hits</th><th></th></tr></thead><tbody>");
            foreach (var s in active)
                html.Append($"<tr><td>{s.Id}</td><td>{E(s.Kind)}</td><td>{E(s.Rule)}</td><td>{E(s.Scope)} {E(s.ScopeValue)}</td><td><code>{E(s.MatchFields)}</code></td>")
                    .Append($"<td>{(s.ExpiresMs is { } until ? Time(until) : "forever")}</td><td>{E(s.Author)}</td><td>{E(s.Reason)}</td><td>{s.Hits}</td>")
                    .Append($"<td><form method=\"post\" action=\"/ui/suppressions/{s.Id}/remove\" hx-confirm=\"Remove suppression {s.Id}? Its alerts will be asked about again.\">")
                    .Append($"<input type=\"hidden\" name=\"token\" value=\"{FormToken.Value}\"><input name=\"by\" placeholder=\"your name\" required aria-label=\"removed by\">")
                    .Append("<button class=\"danger\" type=\"submit\">Remove</button></form></td></tr>");
            html.Append("</tbody></table>");
        }
        return Page("Whitelists & snoozes", "/ui/suppressions", html.ToString());
    }

    public static async Task<IResult> RemoveAsync(long id, HttpRequest request, SuppressionStore store, TimeProvider time, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct).ConfigureAwait(false);
        if (!FormToken.Matches(form["token"].ToString()))
            return Results.Problem(statusCode: 403, title: "forbidden", detail: "the form token is missing or stale; reload the page");
        var by = form["by"].ToString().Trim();
        if (by.Length == 0) return Results.Redirect("/ui/suppressions?notice=" + Q("Say who removes it."), false);
        var removed = await store.RemoveAsync(id, by, time.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
        return Results.Redirect("/ui/suppressions?notice=" + Q(removed ? $"Suppression {id} removed by {by}." : $"Suppression {id} was not active."));
    }
}
