using System.Text.Json.Nodes;
using CsCheck;
using Hermes.Bot.Cases;
using Hermes.Bot.Chat;
using Hermes.Playbooks.Model;

namespace Hermes.Bot.Tests.Chat;

/// <summary>
/// Whatever an attacker puts in a process name, command line, file name, label or rule output, no message Hermes
/// builds contains a Slack control sequence: in mrkdwn every &lt; and &gt; of untrusted text is escaped, so neither
/// &lt;!channel&gt;, &lt;@U…&gt;, &lt;#C…&gt; nor &lt;https://…|text&gt; can appear.
/// </summary>
public class MentionInjectionFuzzTests
{
    // Weighted towards the characters Slack's syntax is made of.
    private static readonly Gen<string> Hostile = Gen.String[Gen.Char["<>!@#|&`*_~:/ .hstpUCabc\n"], 0, 60];

    [Fact]
    public void NoUntrustedText_BecomesAMentionChannelPingOrLink() =>
        Gen.Select(Hostile, Hostile, Hostile, Hostile).Sample((rule, workload, summary, owner) =>
        {
            var c = new CaseRecord { Id = 7, Rule = rule, Priority = "Warning", Workload = workload, Summary = summary, Owner = owner, Playbook = rule, State = "Asking" };
            var messages = new[]
            {
                CaseMessages.Question(c, PlaybookSet.BuiltInDefault), CaseMessages.Reminder(c, 0, 2), CaseMessages.Closed(c, summary),
                CaseMessages.Notification(c), CaseMessages.Escalation(c, "high", summary, [new TimelineEntry(1, 0, owner, "x", null, null, summary)]),
            };
            foreach (var text in messages.SelectMany(m => MrkdwnTexts(m.Blocks)))
                Assert.False(text.Contains('<', StringComparison.Ordinal) || text.Contains('>', StringComparison.Ordinal), text);
        }, iter: 3000);

    [Fact]
    public void Escape_IsReversibleByTheRenderer() =>
        Hostile.Sample(text => Assert.Equal(text, Mrkdwn.Escape(text).Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)), iter: 3000);

    private static IEnumerable<string> MrkdwnTexts(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if ((string?)o["type"] == "mrkdwn" && o["text"] is JsonValue v) yield return v.GetValue<string>();
                foreach (var child in o.Select(kv => kv.Value).SelectMany(MrkdwnTexts)) yield return child;
                break;
            case JsonArray a:
                foreach (var child in a.SelectMany(MrkdwnTexts)) yield return child;
                break;
        }
    }
}
