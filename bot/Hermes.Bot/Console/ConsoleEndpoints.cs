using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Hermes.Bot.Api;
using Hermes.Bot.Interactions;
using Hermes.Bot.Security;
using Hermes.Bot.Storage;

namespace Hermes.Bot.Console;

/// <summary>
/// <c>/console</c>: the built-in chat transport's UI. One inbox per person, one page per channel, each message
/// rendered from the Block Kit JSON Slack would get (shown raw too). A button click acts as the inbox's owner and
/// goes through <see cref="InteractionHandler"/>, the path Slack interactions take. Local use only (same access
/// rule as the API); forms carry a per-process token against cross-site posts.
/// </summary>
public static class ConsoleEndpoints
{
    public static void MapConsole(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/console").AddEndpointFilter<ApiAccessFilter>();
        console.MapGet("/", IndexAsync);
        console.MapGet("/c/{*conversation}", ConversationAsync);
        console.MapPost("/interact", InteractAsync).DisableAntiforgery();
    }

    private static async Task<IResult> IndexAsync(Database db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Conversation, long Count)>(
            "SELECT conversation, COUNT(*) FROM chat_messages GROUP BY conversation ORDER BY conversation").ConfigureAwait(false);
        var html = new StringBuilder("<h1>Hermes console</h1><p>What Hermes would send to Slack. Open an inbox to answer as that person.</p>");
        foreach (var (title, prefix) in new[] { ("People", "user:"), ("Channels", "channel:"), ("Pages", "pager:") })
        {
            html.Append("<h2>").Append(title).Append("</h2><ul>");
            foreach (var row in rows.Where(r => r.Conversation.StartsWith(prefix, StringComparison.Ordinal)))
                html.Append("<li><a href=\"/console/c/").Append(Uri.EscapeDataString(row.Conversation)).Append("\">")
                    .Append(BlockKitHtml.Encode(row.Conversation[prefix.Length..])).Append("</a> (").Append(row.Count).Append(")</li>");
            html.Append("</ul>");
        }
        return Page("Hermes console", html.ToString());
    }

    private static async Task<IResult> ConversationAsync(string conversation, string? notice, Database db, CancellationToken ct)
    {
        conversation = Uri.UnescapeDataString(conversation);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var messages = await connection.QueryAsync<(long Id, string Text, string Blocks, long UpdatedMs)>(
            "SELECT id, text, blocks, updated_ms FROM chat_messages WHERE conversation = @conversation ORDER BY id DESC LIMIT 200", new { conversation }).ConfigureAwait(false);
        var actor = conversation.StartsWith("user:", StringComparison.Ordinal) ? conversation[5..] : null;
        var html = new StringBuilder("<p><a href=\"/console\">← all conversations</a></p><h1>").Append(BlockKitHtml.Encode(conversation)).Append("</h1>");
        if (notice is not null) html.Append("<p class=notice>").Append(BlockKitHtml.Encode(notice)).Append("</p>");
        foreach (var m in messages)
        {
            var blocks = JsonNode.Parse(m.Blocks) as JsonArray ?? [];
            html.Append("<div class=message id=m").Append(m.Id).Append('>')
                .Append(BlockKitHtml.Render(blocks, b => Button(b, actor, conversation)))
                .Append("<details><summary>Block Kit JSON</summary><pre>").Append(BlockKitHtml.Encode(blocks.ToJsonString(new() { WriteIndented = true }))).Append("</pre></details>")
                .Append("<div class=stamp>").Append(DateTimeOffset.FromUnixTimeMilliseconds(m.UpdatedMs).ToString("u", System.Globalization.CultureInfo.InvariantCulture)).Append("</div></div>");
        }
        return Page(conversation, html.ToString());
    }

    private static string Button(JsonObject button, string? actor, string conversation)
    {
        var label = BlockKitHtml.Encode(button["text"]?["text"]?.GetValue<string>());
        if (actor is null) return $"<button disabled>{label}</button>";
        var style = button["style"]?.GetValue<string>() ?? "default";
        return $"""
            <form method=post action="/console/interact">
            <input type=hidden name=token value="{FormToken.Value}"><input type=hidden name=actor value="{BlockKitHtml.Encode(actor)}">
            <input type=hidden name=conversation value="{BlockKitHtml.Encode(conversation)}">
            <input type=hidden name=action_id value="{BlockKitHtml.Encode(button["action_id"]?.GetValue<string>())}">
            <input type=hidden name=value value="{BlockKitHtml.Encode(button["value"]?.GetValue<string>())}">
            <input name=reason placeholder="reason"><button class="{BlockKitHtml.Encode(style)}">{label}</button></form>
            """;
    }

    private static async Task<IResult> InteractAsync(HttpRequest request, InteractionHandler handler, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct).ConfigureAwait(false);
        if (!FormToken.Matches(form["token"].ToString()))
            return Results.Problem(statusCode: 403, title: "forbidden", detail: "the form token is missing or stale; reload the console");
        var (_, reply) = await handler.HandleAsync(form["actor"].ToString(), form["action_id"].ToString(), form["value"].ToString(), form["reason"].ToString(), ct).ConfigureAwait(false);
        var conversation = form["conversation"].ToString();
        return Results.Redirect($"/console/c/{Uri.EscapeDataString(conversation)}?notice={WebUtility.UrlEncode(reply)}");
    }

    private static IResult Page(string title, string body) => Results.Content($$"""
        <!doctype html><html><head><meta charset=utf-8><title>{{BlockKitHtml.Encode(title)}}</title><style>
        body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;color:#1d1c1d}
        .message{border:1px solid #ddd;border-radius:6px;padding:.8rem;margin:.8rem 0}
        .fields{display:grid;grid-template-columns:1fr 1fr;gap:.4rem;margin:.4rem 0}
        .context{color:#616061;font-size:.85rem} .stamp{color:#999;font-size:.75rem}
        pre{background:#f6f6f6;padding:.5rem;white-space:pre-wrap;word-break:break-all}
        .actions form{display:inline-block;margin-right:.5rem} button.primary{background:#007a5a;color:#fff} button.danger{background:#e01e5a;color:#fff}
        .notice{background:#fff8c5;padding:.5rem}
        </style></head><body>{{body}}</body></html>
        """, "text/html; charset=utf-8");
}
