using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hermes.Bot.Console;

/// <summary>
/// Renders the Block Kit JSON of a message as HTML, close enough to Slack to review a conversation: header,
/// section (text and fields), context, divider, actions (buttons become forms posting to the interaction path).
/// Text is decoded from mrkdwn's escapes and HTML-encoded again, so nothing in a message becomes markup.
/// </summary>
public static partial class BlockKitHtml
{
    public static string Render(JsonArray blocks, Func<JsonObject, string> button)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(button);
        var html = new StringBuilder();
        foreach (var block in blocks.OfType<JsonObject>())
        {
            switch (block["type"]?.GetValue<string>())
            {
                case "header":
                    html.Append("<h3>").Append(Encode(block["text"]?["text"]?.GetValue<string>())).Append("</h3>");
                    break;
                case "section":
                    if (block["text"] is JsonObject text) html.Append("<div class=section>").Append(Text(text)).Append("</div>");
                    if (block["fields"] is JsonArray fields)
                    {
                        html.Append("<div class=fields>");
                        foreach (var field in fields.OfType<JsonObject>()) html.Append("<div>").Append(Text(field)).Append("</div>");
                        html.Append("</div>");
                    }
                    break;
                case "context":
                    html.Append("<div class=context>");
                    foreach (var element in (block["elements"] as JsonArray ?? []).OfType<JsonObject>()) html.Append(Text(element)).Append(' ');
                    html.Append("</div>");
                    break;
                case "divider":
                    html.Append("<hr>");
                    break;
                case "actions":
                    html.Append("<div class=actions>");
                    foreach (var element in (block["elements"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        if (element["type"]?.GetValue<string>() == "button") html.Append(button(element));
                        // A select's options become one button each, with the placeholder as their label prefix.
                        else if (element["type"]?.GetValue<string>() == "static_select")
                            foreach (var option in (element["options"] as JsonArray ?? []).OfType<JsonObject>())
                                html.Append(button(new JsonObject
                                {
                                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = $"{element["placeholder"]?["text"]?.GetValue<string>()} {option["text"]?["text"]?.GetValue<string>()}" },
                                    ["action_id"] = element["action_id"]?.GetValue<string>(),
                                    ["value"] = option["value"]?.GetValue<string>(),
                                }));
                    }
                    html.Append("</div>");
                    break;
            }
        }
        return html.ToString();
    }

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A text object: plain text encoded; mrkdwn with code blocks, bold and line breaks.</summary>
    private static string Text(JsonObject text)
    {
        var value = text["text"]?.GetValue<string>() ?? "";
        if (text["type"]?.GetValue<string>() != "mrkdwn") return Encode(value);
        var html = new StringBuilder();
        var parts = value.Split("```");
        for (var i = 0; i < parts.Length; i++)
        {
            var plain = Unescape(parts[i]);
            if (i % 2 == 1) html.Append("<pre>").Append(Encode(plain)).Append("</pre>");
            else html.Append(Bold().Replace(Encode(plain), "<b>$1</b>").Replace("\n", "<br>", StringComparison.Ordinal));
        }
        return html.ToString();
    }

    private static string Unescape(string mrkdwn) =>
        mrkdwn.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    [GeneratedRegex(@"\*([^*\n]+)\*")]
    private static partial Regex Bold();
}
