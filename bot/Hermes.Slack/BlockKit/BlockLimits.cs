using System.Text.Json.Nodes;

namespace Hermes.Slack.BlockKit;

/// <summary>
/// Slack's Block Kit limits, enforced by truncating with a visible marker, never by failing the message: a finding
/// with a 10 kB command line must still reach its owner. Applied to every message just before it is sent.
/// </summary>
public static class BlockLimits
{
    public const int MaxBlocks = 50;
    public const int SectionText = 3000;
    public const int FieldText = 2000;
    public const int MaxFields = 10;
    public const int HeaderText = 150;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int ContextElements = 10;
    public const int MessageText = 4000;
    public const string Marker = "…";

    /// <summary>A copy of <paramref name="blocks"/> within the limits.</summary>
    public static JsonArray Enforce(JsonArray blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var result = new JsonArray();
        var all = blocks.OfType<JsonObject>().ToList();
        var kept = all.Count > MaxBlocks ? all.Take(MaxBlocks - 1).ToList() : all;
        foreach (var block in kept.Select(b => (JsonObject)b.DeepClone()))
        {
            switch (block["type"]?.GetValue<string>())
            {
                case "header":
                    Truncate(block["text"], HeaderText);
                    break;
                case "section":
                    Truncate(block["text"], SectionText);
                    if (block["fields"] is JsonArray fields)
                    {
                        while (fields.Count > MaxFields) fields.RemoveAt(fields.Count - 1);
                        foreach (var field in fields) Truncate(field, FieldText);
                    }
                    break;
                case "context":
                    if (block["elements"] is JsonArray elements)
                    {
                        while (elements.Count > ContextElements) elements.RemoveAt(elements.Count - 1);
                        foreach (var element in elements) Truncate(element, SectionText);
                    }
                    break;
                case "actions":
                    foreach (var element in block["elements"] as JsonArray ?? [])
                    {
                        Truncate(element?["text"], ButtonText);
                        if (element?["value"] is JsonValue value && value.GetValue<string>() is { Length: > ButtonValue } v)
                            element["value"] = v[..ButtonValue];
                    }
                    break;
            }
            result.Add(block);
        }
        if (all.Count > MaxBlocks)
            result.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(new JsonObject { ["type"] = "plain_text", ["text"] = $"{Marker} {all.Count - kept.Count} more blocks not shown" }),
            });
        return result;
    }

    public static string TruncateText(string text, int max) =>
        text.Length <= max ? text : text[..(max - Marker.Length)] + Marker;

    private static void Truncate(JsonNode? textObject, int max)
    {
        if (textObject is JsonObject { } o && o["text"] is JsonValue value && value.GetValue<string>() is { } text && text.Length > max)
            o["text"] = CloseCode(TruncateText(text, max), max);
    }

    // A cut inside a ``` block would leave it open and turn the rest of the message into code; close it.
    private static string CloseCode(string text, int max)
    {
        var fences = (text.Length - text.Replace("```", "", StringComparison.Ordinal).Length) / 3;
        if (fences % 2 == 0) return text;
        return text.Length + 3 <= max ? text + "```" : TruncateText(text, max - 3)[..^Marker.Length] + Marker + "```";
    }
}
