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
    private readonly string _rules;
    private readonly CollectorProcess _collector;

    public ExecArgumentsOnTheKernelTests()
    {
        _rules = Path.Combine(Directory.CreateTempSubdirectory("hermes-rules-").FullName, "exec.yaml");
        File.WriteAllText(_rules, $"""
            - rule: Hermes test exec
              desc: an exec of the test's program, or with the test's marker among its arguments
              condition: evt.type in (execve, execveat) and (evt.arg.filename contains "{_marker}" or proc.args contains "{_marker}")
              output: exec %evt.arg.filename (res=%evt.res type=%evt.type process=%proc.name args=%proc.args)
              priority: INFO
            """);
        _collector = new CollectorProcess(null, null, [_rules]);
    }

    public void Dispose()
    {
        _collector.Dispose();
        Directory.Delete(Path.GetDirectoryName(_rules)!, recursive: true);
    }

    private (string? Filename, string? Result, string? Type) Expect(Func<JsonElement, bool> match, string action)
    {
        var alert = _collector.WaitForAlert(a => a.GetProperty("rule").GetString() == "Hermes test exec" && match(a.GetProperty("output_fields")), TimeSpan.FromSeconds(30));
        Assert.True(alert.HasValue, $"no exec alert\naction: {action}\n{_collector.Stderr}");
        var fields = alert.Value.GetProperty("output_fields");
        string? F(string name) => fields.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return (F("evt.arg.filename"), F("evt.res"), F("evt.type"));
    }

    [Fact]
    public void SuccessfulExecByRelativePath_HasTheFileNameAsPassed()
    {
        var directory = _collector.Scratch("relative");
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
