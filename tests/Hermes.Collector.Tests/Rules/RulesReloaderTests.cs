using Hermes.Collector.Rules;
using Hermes.Rules.Loading;

namespace Hermes.Collector.Tests.Rules;

public sealed class RulesReloaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hermes-reload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string GoodRules = "- rule: r1\n  desc: d\n  condition: evt.type=openat and proc.name=cat\n  output: o\n  priority: WARNING\n";

    [Fact]
    public void BadReload_KeepsThePreviousRuleSet_AndReportsThePosition()
    {
        var path = Path.Combine(_dir, "rules.yaml");
        File.WriteAllText(path, GoodRules);
        using var reloader = new RulesReloader([path]);
        Assert.True(reloader.Reload().Succeeded);
        var first = reloader.Active;

        File.WriteAllText(path, GoodRules.Replace("proc.name=cat", "proc.name=", StringComparison.Ordinal));
        var result = reloader.Reload();
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((path, 3, 44), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.Same(first, reloader.Active);

        File.WriteAllText(path, GoodRules.Replace("r1", "r2", StringComparison.Ordinal));
        Assert.True(reloader.Reload().Succeeded);
        Assert.Equal("r2", Assert.Single(reloader.Active!.Rules).Name);
    }

    [Fact]
    public async Task FileChange_TriggersReload()
    {
        var path = Path.Combine(_dir, "rules.yaml");
        File.WriteAllText(path, GoodRules);
        using var reloader = new RulesReloader([path]);
        reloader.Reload();
        var reloaded = new TaskCompletionSource<LoadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A writer may be seen mid-write (truncated, then filled): wait for the reload that sees the finished file.
        reloader.Loaded += r =>
        {
            if (r.RuleSet?.Rules.Any(rule => rule.Name == "r3") == true) reloaded.TrySetResult(r);
        };
        reloader.WatchFiles(TimeSpan.FromMilliseconds(50));

        await File.WriteAllTextAsync(path, GoodRules.Replace("r1", "r3", StringComparison.Ordinal));
        var result = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.Succeeded);
        Assert.Equal("r3", Assert.Single(reloader.Active!.Rules).Name);
    }
}
