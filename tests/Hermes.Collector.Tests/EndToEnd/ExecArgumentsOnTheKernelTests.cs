using System.Text.Json;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// The file name of an exec, checked on the real kernel with a test rule loaded after the official ones. The probe
/// reads it at exit only: from the new image's auxiliary vector (AT_EXECFN) when the exec succeeded, and from the
/// caller's untouched memory when it failed, so each path gets its own test.
/// </summary>
[Collection("kernel")]
public sealed class ExecArgumentsOnTheKernelTests : IDisposable
{
    private readonly string _marker = "hermes-exec-" + Guid.NewGuid().ToString("N")[..8];
    private readonly CollectorWithTestRules _collector;

    public ExecArgumentsOnTheKernelTests()
    {
        _collector = new CollectorWithTestRules($"""
            - rule: Hermes test exec
              desc: an exec of the test's program, or with the test's marker among its arguments
              condition: evt.type in (execve, execveat) and (evt.arg.filename contains "{_marker}" or proc.args contains "{_marker}")
              output: exec %evt.arg.filename (res=%evt.res type=%evt.type process=%proc.name args=%proc.args)
              priority: INFO
            """);
    }

    public void Dispose() => _collector.Dispose();

    private (string? Filename, string? Result, string? Type) Expect(Func<JsonElement, bool> match, string action)
    {
        var fields = _collector.Expect("Hermes test exec", action, match);
        return (CollectorWithTestRules.Field(fields, "evt.arg.filename"), CollectorWithTestRules.Field(fields, "evt.res"), CollectorWithTestRules.Field(fields, "evt.type"));
    }

    [Fact]
    public void SuccessfulExecByRelativePath_HasTheFileNameAsPassed()
    {
        var directory = _collector.Collector.Scratch("relative");
        var action = CollectorProcess.Shell($"cd {directory} && cp /bin/true ./{_marker} && ./{_marker} arg");
        // The shell running the action has the marker in its arguments too: wait for the program's own exec.
        var (filename, result, type) = Expect(f => f.GetProperty("proc.args").GetString() == "arg", action);
        Assert.Equal($"./{_marker}", filename);
        Assert.Equal("SUCCESS", result);
        Assert.Equal("execve", type);
    }

    [Fact]
    public void FailedExec_HasTheFileNameAndTheError()
    {
        var action = CollectorProcess.Shell($"/nonexistent/{_marker} 2>/dev/null; true");
        var (filename, result, _) = Expect(f => f.GetProperty("evt.res").GetString() != "SUCCESS", action);
        Assert.Equal($"/nonexistent/{_marker}", filename);
        Assert.Equal("ENOENT", result);
    }

    [Fact]
    public void ExecveatOfAnOpenFile_IsNamedThroughItsDescriptor()
    {
        // os.execve with a descriptor is fexecve: execveat(fd, "", argv, envp, AT_EMPTY_PATH), which the kernel names
        // /dev/fd/N. A successful execveat leaves the syscall number of execve behind, so the kernel's exit (and
        // Falco's event) says execve; the official rules ask for both types.
        var action = CollectorProcess.Shell($"python3 -c \"import os; fd=os.open('/bin/true', os.O_RDONLY); os.execve(fd, ['true', '{_marker}'], {{}})\"");
        var (filename, result, type) = Expect(f => f.GetProperty("proc.args").GetString() == _marker, action);
        Assert.Matches("^/dev/fd/[0-9]+$", filename);
        Assert.Equal("SUCCESS", result);
        Assert.Equal("execve", type);
    }
}
