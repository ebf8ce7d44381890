using System.Text.Json;
using Hermes.Bot.Cases;
using Hermes.Bot.Chat;
using Hermes.Bot.Tests.Support;
using Hermes.Playbooks.Loading;
using Hermes.Tests.Shared;

namespace Hermes.Bot.Tests.Chat;

/// <summary>The Block Kit builders are pure: pinned by golden JSON, and they escape whatever the watched system wrote.</summary>
public class CaseMessagesTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static CaseRecord Case() => new()
    {
        Id = 42, Rule = "Terminal shell in container", Priority = "Notice", Playbook = "noteworthy-activity", Workload = "eu-1/shop/web-1",
        Owner = "alice", AlertCount = 3, FirstSeenMs = 1795425600000, LastSeenMs = 1795425660000, State = "Asking",
        Summary = "A shell was spawned in a container with an attached terminal (user=root <!here> cmdline=bash -c `id`)",
        OwnershipJson = JsonSerializer.Serialize(new Hermes.Bot.Ownership.OwnershipAnswer("shop-frontend", "github.com/acme/shop", ["alice"], "#shop", null,
            new Dictionary<string, string> { ["owners"] = "CODEOWNERS line 12 of acme/shop: /deploy/ @acme/shop <@U0BAD>" })),
    };

    [Fact]
    public void Question_MatchesGolden()
    {
        var playbook = PlaybookLoader.Load([Repository.Path("playbooks")]).Set!.Find("critical-runtime")!;
        var json = JsonSerializer.Serialize(CaseMessages.Question(Case(), playbook).Blocks, Indented);
        Golden.AssertEqual(json + "\n", "tests", "Hermes.Bot.Tests", "testdata", "question.golden.json");
    }

    [Fact]
    public void Escalation_MatchesGolden()
    {
        var timeline = new[] { new TimelineEntry(1, 1795425600000, "intake", "opened", null, null, "Terminal shell in container on eu-1/shop/web-1") };
        var json = JsonSerializer.Serialize(CaseMessages.Escalation(Case(), "critical", "alice answered no: <@U123>", timeline).Blocks, Indented);
        Golden.AssertEqual(json + "\n", "tests", "Hermes.Bot.Tests", "testdata", "escalation.golden.json");
    }

    [Theory]
    [InlineData("<!channel>", "&lt;!channel&gt;")]
    [InlineData("<@U024BE7LH>", "&lt;@U024BE7LH&gt;")]
    [InlineData("<https://evil|click>", "&lt;https://evil|click&gt;")]
    [InlineData("a & b", "a &amp; b")]
    public void Escape_NeutralizesSlackControlSequences(string input, string expected) => Assert.Equal(expected, Mrkdwn.Escape(input));

    [Fact]
    public void Code_CannotBeClosedByTheText() =>
        Assert.Equal("```x ˋˋˋ *bold* ˋ```", Mrkdwn.Code("x ``` *bold* `"));
}
