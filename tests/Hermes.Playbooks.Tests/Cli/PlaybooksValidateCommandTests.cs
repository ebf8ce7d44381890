using Hermes.Playbooks.Cli;
using Hermes.Tests.Shared;

namespace Hermes.Playbooks.Tests.Cli;

public class PlaybooksValidateCommandTests
{
    [Fact]
    public void Validate_Shipped_PrintsEachPlaybookAndExitsZero()
    {
        var (code, output, error) = Run(Repository.Path("playbooks"));
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("critical-runtime: ask owner (timeout 15m, reminders [5m, 10m]) pages", output, StringComparison.Ordinal);
        Assert.Contains("informational: notify #falco-informational", output, StringComparison.Ordinal);
        Assert.Contains("ok: 6 playbook(s) in 4 file(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Invalid_PrintsLocatedErrorsAndExitsOne()
    {
        var file = Repository.Path("tests", "Hermes.Playbooks.Tests", "testdata", "invalid", "bad-duration.yaml");
        var (code, output, error) = Run(file);
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.StartsWith($"{file}:4:16: ask_owner.timeout", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoPath_PrintsUsage() => Assert.Equal(2, Run().Code);

    private static (int Code, string Output, string Error) Run(params string[] paths)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = PlaybooksValidateCommand.Run(paths, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
