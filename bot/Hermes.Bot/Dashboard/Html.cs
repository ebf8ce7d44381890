using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Hermes.Bot.Dashboard;

/// <summary>
/// The dashboard's page frame and the few helpers every page uses. Every text that comes from an alert, a label, a
/// person or a catalog goes through <see cref="E"/>: the dashboard shows attacker-controlled command lines.
/// </summary>
public static class Html
{
    private static readonly (string Href, string Title)[] Sections =
    [
        ("/ui/cases", "Cases"), ("/ui/incidents", "Incidents"), ("/ui/suppressions", "Whitelists & snoozes"),
        ("/ui/collectors", "Collectors"), ("/ui/ownership", "Ownership lookup"),
    ];

    /// <summary>HTML-encodes untrusted text (also safe inside quoted attributes).</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>A query-string value.</summary>
    public static string Q(string? text) => Uri.EscapeDataString(text ?? "");

    public static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string State(string state) => $"<span class=\"state state-{E(state)}\">{E(state)}</span>";

    public static IResult Page(string title, string current, string body)
    {
        var html = new StringBuilder($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · Hermes</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/ui/static/dashboard.css">
            <script src="/ui/static/htmx.min.js" defer></script></head>
            <body hx-boost="true"><header><strong>Hermes</strong>
            """);
        foreach (var (href, name) in Sections)
            html.Append($"<a href=\"{href}\"{(href == current ? " class=\"current\" aria-current=\"page\"" : "")}>{name}</a>");
        html.Append("</header><main>").Append(body).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }
}
