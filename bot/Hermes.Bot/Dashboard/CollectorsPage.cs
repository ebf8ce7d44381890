using System.Globalization;
using System.Text;
using Hermes.Bot.Collectors;
using static Hermes.Bot.Dashboard.Html;

namespace Hermes.Bot.Dashboard;

/// <summary><c>/ui/collectors</c>: every node's collector as its last heartbeat described it; silent ones are marked.</summary>
public static class CollectorsPage
{
    private static readonly TimeSpan Silent = TimeSpan.FromMinutes(2);

    public static async Task<IResult> ListAsync(CollectorStore store, TimeProvider time, CancellationToken ct)
    {
        var collectors = await store.ListAsync(ct).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var html = new StringBuilder("<h1>Collectors</h1>");
        if (collectors.Count == 0)
            return Page("Collectors", "/ui/collectors", html.Append("<p class=\"muted\">No collector has reported yet (they send a heartbeat every 30 s with their http output).</p>").ToString());
        html.Append("<table id=\"collectors\"><thead><tr><th>Node</th><th>Cluster</th><th>Version</th><th>Last seen</th><th>Events/s</th><th>Kernel drops</th><th>Alerts</th><th>Rules</th></tr></thead><tbody>");
        foreach (var c in collectors)
        {
            var silent = now - c.LastSeenMs > Silent.TotalMilliseconds;
            html.Append($"<tr{(silent ? " class=\"silent\"" : "")}><td>{E(c.Node)}</td><td>{E(c.Cluster ?? "—")}</td><td>{E(c.Version)}</td>")
                .Append($"<td>{Time(c.LastSeenMs)}{(silent ? " <span class=\"state state-Escalated\">silent</span>" : "")}</td>")
                .Append($"<td>{c.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture)}</td><td>{c.Drops}</td><td>{c.Alerts}</td><td>{c.Rules}</td></tr>");
        }
        return Page("Collectors", "/ui/collectors", html.Append("</tbody></table>").ToString());
    }
}
