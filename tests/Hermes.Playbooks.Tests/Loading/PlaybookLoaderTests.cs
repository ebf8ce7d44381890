using Hermes.Playbooks.Loading;
using Hermes.Playbooks.Model;
using Hermes.Playbooks.Tests.Support;
using Hermes.Rules.Engine;

namespace Hermes.Playbooks.Tests.Loading;

public class PlaybookLoaderTests
{
    private const string Full = """
        playbooks:
          - name: shells
            description: a shell in prod
            match:
              rules: ["Terminal shell in container", "Run shell*"]
              tags: [mitre_execution, shell]
              priority: ">=Notice"
              sources: [syscall]
              namespaces: ["prod-*"]
              clusters: [eu-1]
              fields:
                proc.name: [bash, sh]
            group: {window: 2h, by: [rule, namespace]}
            ask_owner:
              timeout: 2h30m
              reminders: [30m, 1h]
              require_reason: true
              business_hours: {timezone: Europe/London, days: [mon, tue], start: "08:30", end: "17:00"}
            notify: {channel: "#prod-shells"}
            escalate: {severity: high, page: true, channel: "#sec-incidents"}
            quiet_on_confirm: {for: 7d, scope: namespace}
            dry_run: true
          - name: fallback
            default: true
            notify: {channel: "#falco"}
        """;

    [Fact]
    public void LoadText_ReadsEveryKey()
    {
        var result = PlaybookLoader.LoadText("full.yaml", Full);
        Assert.Empty(result.Errors);
        var set = result.Set!;
        var p = Assert.Single(set.Playbooks);
        Assert.Equal("shells", p.Name);
        Assert.Equal(2, p.Match.Rules.Count);
        Assert.Equal(">=Notice", p.Match.Priority!.ToString());
        Assert.Equal(new Grouping(TimeSpan.FromHours(2), [GroupKey.Rule, GroupKey.Namespace]).Window, p.Group.Window);
        Assert.Equal([GroupKey.Rule, GroupKey.Namespace], p.Group.By);
        Assert.Equal(TimeSpan.FromMinutes(150), p.Ask!.Timeout);
        Assert.Equal([TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)], p.Ask.Reminders);
        Assert.True(p.Ask.RequireReason);
        Assert.Equal("Europe/London", p.Ask.BusinessHours!.Zone.Id);
        Assert.Equal(new TimeOnly(8, 30), p.Ask.BusinessHours.Start);
        Assert.Equal("#prod-shells", p.NotifyChannel);
        Assert.Equal(new Escalation("high", true, "#sec-incidents"), p.Escalate);
        Assert.Equal(new QuietOnConfirm(TimeSpan.FromDays(7), QuietScope.Namespace), p.QuietOnConfirm);
        Assert.True(p.DryRun);
        Assert.Equal("full.yaml:2:5", p.Origin);
        Assert.Equal("fallback", set.Default.Name);
    }

    [Fact]
    public void Match_RequiresEveryConditionAndAnyValueOfEach()
    {
        var set = PlaybookLoader.LoadText("full.yaml", Full).Set!;
        var hit = Findings.Of("Run shell untrusted", Priority.Warning, ns: "prod-shop", tags: ["shell"],
            fields: [("proc.name", "sh"), ("hermes.cluster", "eu-1")]);
        Assert.Equal("shells", set.Match(hit).Name);
        Assert.Equal("fallback", set.Match(hit with { Priority = Priority.Informational }).Name);
        Assert.Equal("fallback", set.Match(hit with { Tags = ["network"] }).Name);
        Assert.Equal("fallback", set.Match(hit with { Source = "k8s_audit" }).Name);
        Assert.Equal("fallback", set.Match(Findings.Of("Run shell untrusted", Priority.Warning, ns: "dev", tags: ["shell"],
            fields: [("proc.name", "sh"), ("hermes.cluster", "eu-1")])).Name);
        Assert.Equal("fallback", set.Match(Findings.Of("Run shell untrusted", Priority.Warning, ns: "prod-shop", tags: ["shell"],
            fields: [("proc.name", "zsh"), ("hermes.cluster", "eu-1")])).Name);
        Assert.Equal("fallback", set.Match(Findings.Of("Run shell untrusted", Priority.Warning, ns: "prod-shop", tags: ["shell"],
            fields: [("proc.name", "sh")])).Name);
    }

    [Fact]
    public void Load_NoDefaultInFiles_UsesTheBuiltInDefault()
    {
        var set = PlaybookLoader.LoadText("x.yaml", "playbooks:\n  - name: n\n    notify: {channel: '#n'}\n").Set!;
        Assert.Same(PlaybookSet.BuiltInDefault, set.Default);
    }

    [Fact]
    public void Load_DuplicateNamesAcrossFiles_AreErrorsAtTheSecond()
    {
        var dir = Directory.CreateTempSubdirectory("playbooks-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.yaml"), "playbooks:\n  - name: same\n    notify: {channel: '#a'}\n");
            File.WriteAllText(Path.Combine(dir, "b.yaml"), "playbooks:\n  - name: other\n    notify: {channel: '#b'}\n  - name: same\n    notify: {channel: '#b'}\n");
            var result = PlaybookLoader.Load([dir]);
            var error = Assert.Single(result.Errors);
            Assert.Equal(Path.Combine(dir, "b.yaml"), error.File);
            Assert.Equal((4, 5), (error.Line, error.Column));
            Assert.Contains($"already defined at {Path.Combine(dir, "a.yaml")}:2:5", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Load_MissingPath_IsAnError() =>
        Assert.Contains("no such file", Assert.Single(PlaybookLoader.Load(["/nonexistent/playbooks"]).Errors).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("1m30s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h30m", 9000)]
    [InlineData("1d2h", 93600)]
    public void Durations_Parse(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromSeconds(seconds), d);
        Assert.Equal(text, Durations.Format(d));
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("m15")]
    [InlineData("1h1d")]
    [InlineData("-5m")]
    public void Durations_RejectOtherShapes(string text) => Assert.False(Durations.TryParse(text, out _));
}
