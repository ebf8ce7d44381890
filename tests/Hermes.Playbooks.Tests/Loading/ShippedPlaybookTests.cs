using System.Text.RegularExpressions;
using Hermes.Playbooks.Loading;
using Hermes.Playbooks.Model;
using Hermes.Playbooks.Tests.Support;
using Hermes.Rules.Engine;
using Hermes.Tests.Shared;

namespace Hermes.Playbooks.Tests.Loading;

/// <summary>The playbooks shipped in <c>playbooks/</c> load, name only rules that exist, and cover every priority.</summary>
public class ShippedPlaybookTests
{
    private static readonly PlaybookLoadResult Shipped = PlaybookLoader.Load([Repository.Path("playbooks")]);

    [Fact]
    public void Shipped_LoadWithoutErrors()
    {
        Assert.Empty(Shipped.Errors);
        Assert.Equal("default", Shipped.Set!.Default.Name);
    }

    [Fact]
    public void Shipped_NameOnlyRulesOfTheOfficialFile()
    {
        var official = File.ReadLines(Repository.Path("collector", "rules", "falco_rules.yaml"))
            .Select(l => Regex.Match(l, @"^- rule: (.+)$")).Where(m => m.Success).Select(m => m.Groups[1].Value.Trim()).ToHashSet();
        foreach (var playbook in Shipped.Set!.Playbooks)
            foreach (var rule in playbook.Match.Rules)
                Assert.True(official.Any(rule.Matches), $"{playbook.Origin}: '{rule}' matches no official rule");
    }

    [Theory]
    [InlineData("Terminal shell in container", Priority.Notice, "noteworthy-activity")]
    [InlineData("Read sensitive file untrusted", Priority.Warning, "interactive-activity")]
    [InlineData("Drop and execute new binary in container", Priority.Critical, "critical-runtime")]
    [InlineData("Fileless execution via memfd_create", Priority.Warning, "container-escape-signals")]
    [InlineData("Some custom rule", Priority.Emergency, "critical-runtime")]
    [InlineData("Some custom rule", Priority.Error, "interactive-activity")]
    [InlineData("Some custom rule", Priority.Informational, "informational")]
    [InlineData("Some custom rule", Priority.Debug, "informational")]
    public void Shipped_TakeEachPriority(string rule, Priority priority, string expected) =>
        Assert.Equal(expected, Shipped.Set!.Match(Findings.Of(rule, priority)).Name);

    [Fact]
    public void Shipped_PageOnlyForCriticalFindings()
    {
        foreach (var playbook in Shipped.Set!.Playbooks.Where(p => p.Escalate.Page))
            Assert.Contains(playbook.Name, new[] { "critical-runtime", "container-escape-signals" });
    }
}
