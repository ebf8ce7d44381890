using System.Text;
using Hermes.Bot.Ownership;
using Hermes.Ownership.Model;
using static Hermes.Bot.Dashboard.Html;

namespace Hermes.Bot.Dashboard;

/// <summary><c>/ui/ownership</c>: who owns a workload, with the reason for every value and what each source said.</summary>
public static class OwnershipPage
{
    public static async Task<IResult> ShowAsync(HttpRequest request, IOwnershipPort ownership, CancellationToken ct)
    {
        var q = request.Query;
        string? F(string key) => q[key].FirstOrDefault() is { Length: > 0 } v ? v.Trim() : null;
        var (image, ns, pod, labelText) = (F("image"), F("namespace"), F("pod"), F("labels"));
        var html = new StringBuilder("<h1>Ownership lookup</h1>");
        html.Append("""<form class="filters" method="get" action="/ui/ownership">""");
        foreach (var (key, label, value) in new[] { ("image", "Image", image), ("namespace", "Namespace", ns), ("pod", "Pod", pod), ("labels", "Labels (k=v, comma-separated)", labelText) })
            html.Append($"<label>{label}<input name=\"{key}\" value=\"{E(value)}\" size=\"{(key == "image" ? 48 : 20)}\"></label>");
        html.Append("<button type=\"submit\">Look up</button></form>");
        if (image is null && ns is null && labelText is null) return Page("Ownership lookup", "/ui/ownership", html.ToString());

        var (labels, error) = OwnershipLookup.Labels((labelText ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (error is not null) return Page("Ownership lookup", "/ui/ownership", html.Append($"<p class=\"error\" role=\"alert\">{E(error)}</p>").ToString());
        var answer = await ownership.LookupAsync(new WorkloadRef(Namespace: ns, Pod: pod, Image: image, Labels: labels), ct).ConfigureAwait(false);
        html.Append("<div id=\"answer\">");
        html.Append(answer.Owned ? "<p class=\"notice\">Owned.</p>" : $"<p class=\"error\">Unowned: {E(answer.Workload.ToString())}</p>");
        var f = answer.Facts;
        html.Append("<dl class=\"facts\">");
        void Row<T>(string name, Claim<T>? claim, string? text = null)
        {
            if (claim is null) return;
            html.Append($"<dt>{name}</dt><dd>{E(text ?? claim.Value?.ToString())}<span class=\"why\">{E(claim.Source)}: {E(claim.Why)}</span></dd>");
        }
        Row("Service", f.Service);
        Row("System", f.System);
        Row("Repository", f.Repository);
        Row("Revision", f.Revision);
        Row("Owners", f.Owners, f.Owners is null ? null : string.Join(", ", f.Owners.Value));
        Row("Channel", f.Channel);
        Row("Criticality", f.Criticality);
        Row("On call", f.OnCall);
        foreach (var person in answer.People)
            html.Append($"<dt>Person</dt><dd>{E(CaseOwnership.Handle(person))}{string.Concat(person.WhyOrEmpty.Select(w => $"<span class=\"why\">{E(w)}</span>"))}</dd>");
        html.Append("</dl><h2>What each source said</h2><ul>");
        foreach (var t in answer.Tried) html.Append($"<li><strong>{E(t.Source)}</strong>: {E(t.Said)}{(t.Stale ? " (stale)" : "")}</li>");
        return Page("Ownership lookup", "/ui/ownership", html.Append("</ul></div>").ToString());
    }
}
