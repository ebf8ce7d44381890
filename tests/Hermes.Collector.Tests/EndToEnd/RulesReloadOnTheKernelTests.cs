namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// A rules reload on the running collector takes effect in the kernel too: a rule on a syscall that neither the first
/// rules nor state tracking captured fires once the rules file names it.
/// </summary>
[Collection("kernel")]
public sealed class RulesReloadOnTheKernelTests : IDisposable
{
    private readonly string _marker = "hermes-reload-" + Guid.NewGuid().ToString("N")[..8];
    private readonly CollectorWithTestRules _collector = new("""
        - rule: Hermes test placeholder
          desc: a first rule set that captures nothing extra
          condition: evt.type = openat and fd.name = /nonexistent/hermes
          output: never
          priority: INFO
        """);

    public void Dispose() => _collector.Dispose();

    [Fact]
    public void RuleOnANewSyscall_FiresAfterTheRulesFileChanges()
    {
        File.WriteAllText(Path.Combine(_collector.Directory, "test_rules.yaml"), $"""
            - rule: Hermes test rmdir
              desc: the test's directory removed (rmdir is captured for no other reason)
              condition: evt.type = rmdir and evt.arg.path contains "{_marker}"
              output: removed %evt.arg.path
              priority: INFO
            """);
        // The collector reloads on the file's change (debounced); keep acting until the new rule answers.
        var scratch = _collector.Collector.Scratch("rmdir");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        System.Text.Json.JsonElement? alert = null;
        for (var attempt = 0; alert is null && DateTime.UtcNow < deadline; attempt++)
        {
            var directory = Path.Combine(scratch, $"{_marker}-{attempt}");
            CollectorProcess.Shell($"mkdir {directory} && rmdir {directory}");
            alert = _collector.Collector.WaitForAlert(a => a.GetProperty("rule").GetString() == "Hermes test rmdir", TimeSpan.FromSeconds(1));
        }
        Assert.True(alert.HasValue, $"the reloaded rule never fired\n{_collector.Collector.Stderr}");
    }
}
