using Hermes.Rules.Engine;
using Hermes.Rules.Loading;
using Hermes.Rules.Output;
using Hermes.Rules.Tests.Support;

namespace Hermes.Rules.Tests.Engine.OfficialRules;

/// <summary>Each official stable rule fires on a realistic event and stays quiet on a near miss.</summary>
public sealed class OfficialRuleDetectionTests
{
    private static readonly RuleSet Rules = RuleLoader.LoadFiles([Corpus.OfficialRules]).RuleSet
        ?? throw new InvalidOperationException("the official rules must load");

    public static TheoryData<string> RuleNames() => new(OfficialRuleCases.All().Select(c => c.Rule));

    private static OfficialRuleCases.Case For(string rule) => OfficialRuleCases.All().Single(c => c.Rule == rule);

    private static List<string> Fired(TestEvent evt)
    {
        var matches = new List<CompiledRule>();
        Rules.MatchAll(evt, matches);
        return matches.Select(m => m.Name).ToList();
    }

    [Fact]
    public void EveryOfficialRule_HasACase() =>
        Assert.Equal(Rules.Rules.Select(r => r.Name).Order(), OfficialRuleCases.All().Select(c => c.Rule).Order());

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Attack_FiresTheRule(string rule)
    {
        var fired = Fired(For(rule).Fires());
        Assert.True(fired.Contains(rule), $"{rule} did not fire ({For(rule).Why}); fired: [{string.Join(", ", fired)}]");
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void NearMiss_DoesNotFireTheRule(string rule)
    {
        var fired = Fired(For(rule).Misses());
        Assert.False(fired.Contains(rule), $"{rule} fired on the near miss ({For(rule).MissWhy})");
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Alert_RendersTheEventsValues(string rule)
    {
        var evt = For(rule).Fires();
        var compiled = Rules.Rules.Single(r => r.Name == rule);
        var alert = new AlertFormatter(new OutputOptions { Hostname = "node-1", TimeZone = TimeZoneInfo.Utc }).Format(compiled, evt);
        Assert.StartsWith($"22:13:20.123456789: {PriorityNames.Name(compiled.Priority)} ", alert.Output, StringComparison.Ordinal);
        Assert.Contains(alert.OutputFields, f => f.Key == "evt.type" && (string?)f.Value == Hermes.Rules.Fields.EventTypes.NameOf(evt.EventType));
        if (compiled.OutputText.Contains("%proc.name", StringComparison.Ordinal))
            Assert.Contains(alert.OutputFields, f => f.Key == "proc.name" && f.Value is string);
        Assert.Equal(rule, alert.Rule);
    }

    [Fact]
    public void RuleMatchingFirst_PicksTheEarliestRule()
    {
        // nginx reading /etc/shadow a minute after start matches both read rules; the earlier one in the file wins.
        var evt = OfficialRuleCases.All().Single(c => c.Rule == "Read sensitive file trusted after startup").Fires();
        Assert.Contains("Read sensitive file untrusted", Fired(evt));
        Assert.Equal("Read sensitive file trusted after startup", Rules.MatchFirst(evt)?.Name);
    }

    [Fact]
    public void UnrelatedEvents_FireNothing()
    {
        Assert.Null(Rules.MatchFirst(TestEvent.Of("close").Set("proc.name", "cat")));
        Assert.Null(Rules.MatchFirst(TestEvent.Of("openat").Set("proc.name", "cat").Set("fd.name", "/etc/hosts").Set("evt.is_open_read", true).Set("fd.typechar", "f").Set("fd.num", 3L)));
    }
}
