namespace Hermes.Bot.Chat;

/// <summary>
/// Escaping for Slack's mrkdwn. Untrusted text (command lines, file names, labels, replies) goes through
/// <see cref="Escape"/>, so an attacker's process name cannot become <c>&lt;!channel&gt;</c>, a user mention or a
/// link; inside code spans <see cref="Code"/> also stops it closing the span early.
/// </summary>
public static class Mrkdwn
{
    public static string Escape(string? text) =>
        (text ?? "").Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>A code block with the text escaped and its backticks replaced by a look-alike that cannot close it.</summary>
    public static string Code(string? text, int max = 2500)
    {
        var value = text ?? "";
        if (value.Length > max) value = value[..max] + "…";
        return "```" + Escape(value).Replace('`', 'ˋ') + "```";
    }
}
