using Hermes.Collector.Tests.Support;
using Hermes.Collector.Cli;

namespace Hermes.Collector.Tests.Cli;

public sealed class RulesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hermes-rules-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);


    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = RulesCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Validate_OfficialRules_PrintsOkLineAndExitsZero()
    {
        var rules = SharedCorpus.OfficialRules();
        var (exit, output, _) = Run("validate", rules);
        Assert.Equal(0, exit);
        Assert.Equal($"{rules}: OK (25 rules, 87 macros, 49 lists)", output.Split('\n')[0].TrimEnd());
    }

    [Fact]
    public void Validate_BrokenFile_PrintsEveryErrorWithPositionAndExitsOne()
    {
        var good = Write("good.yaml", "- macro: m\n  condition: proc.name = x\n- rule: r\n  desc: d\n  condition: evt.type=open and m\n  output: o\n  priority: INFO\n");
        var bad = Write("bad.yaml", """
            - rule: one
              desc: d
              condition: evt.type=open and proc.nosuch = 1
              output: o
              priority: WARNING
            - rule: two
              desc: d
              condition: (evt.type=open
              output: o
              priority: LOUD
            """);
        var (exit, output, _) = Run("validate", good, bad);
        Assert.Equal(1, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{good}: OK (1 rules, 1 macros, 0 lists)", lines[0]);
        Assert.StartsWith($"{bad}: ", lines[1], StringComparison.Ordinal);
        Assert.Contains($"{bad}:3:32: error LOAD_ERR_COMPILE_CONDITION:", output, StringComparison.Ordinal);
        Assert.Contains($"{bad}:10:13: error LOAD_ERR_YAML_VALIDATE: Invalid priority 'LOUD'", output, StringComparison.Ordinal);
        Assert.Contains($"{bad}:8:14: error LOAD_ERR_COMPILE_CONDITION:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Warnings_AreShownButDoNotFail()
    {
        var file = Write("w.yaml", "- rule: r\n  desc: d\n  condition: proc.name = x\n  output: o\n  priority: INFO\n  colour: blue\n");
        var (exit, output, _) = Run("validate", file);
        Assert.Equal(0, exit);
        Assert.Contains($"{file}:6:3: warning LOAD_UNKNOWN_ITEM: Unknown key 'colour' in rule", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:3:14: warning LOAD_NO_EVTTYPE:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingFile_IsAnError()
    {
        var (exit, output, _) = Run("validate", Path.Combine(_dir, "nope.yaml"));
        Assert.Equal(1, exit);
        Assert.Contains("error LOAD_ERR_FILE_READ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ListsPriorityTagsAndEventTypes()
    {
        var (exit, output, _) = Run("describe", SharedCorpus.OfficialRules());
        Assert.Equal(0, exit);
        var block = output[output.IndexOf("Read sensitive file untrusted\n", StringComparison.Ordinal)..];
        Assert.Contains("priority:    Warning", block, StringComparison.Ordinal);
        Assert.Contains("event types: open, openat, openat2", block, StringComparison.Ordinal);
        Assert.Contains("mitre_credential_access", block, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_IsPrintedForBadArguments()
    {
        var (exit, _, err) = Run("frobnicate");
        Assert.Equal(2, exit);
        Assert.Contains("usage: hermes-collector rules validate|describe FILE...", err, StringComparison.Ordinal);
    }
}
