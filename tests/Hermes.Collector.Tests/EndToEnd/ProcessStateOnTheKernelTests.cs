using System.Text.Json;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// Process state kept from syscalls beyond the official rules' own, checked on the real kernel with test rules loaded
/// after the official ones: a descriptor duplicated with fcntl keeps its file, fchdir moves the working directory
/// that relative paths resolve against, and the setuid family carries its ids.
/// </summary>
[Collection("kernel")]
public sealed class ProcessStateOnTheKernelTests : IDisposable
{
    private readonly string _marker = "hermes-state-" + Guid.NewGuid().ToString("N")[..8];
    private readonly CollectorWithTestRules _collector;

    public ProcessStateOnTheKernelTests()
    {
        _collector = new CollectorWithTestRules($"""
            - rule: Hermes test duplicated descriptor closed
              desc: the test's file closed through a descriptor made by fcntl(F_DUPFD)
              condition: evt.type = close and fd.num >= 100 and fd.name contains "{_marker}"
              output: closed %fd.name (fd=%fd.num)
              priority: INFO
            - rule: Hermes test relative open
              desc: the test's file opened by a relative path after fchdir
              condition: evt.type in (open, openat) and fd.name endswith "/{_marker}.txt"
              output: opened %fd.name (cwd=%proc.cwd)
              priority: INFO
            - rule: Hermes test container user
              desc: the test's shell in a podman container, running as a uid its own /etc/passwd names
              condition: evt.type = execve and container.id != host and proc.name = sh and proc.args contains "{_marker}"
              output: user %user.name (uid=%user.uid home=%user.homedir)
              priority: INFO
            - rule: Hermes test setresuid
              desc: the test's process changing its ids
              condition: evt.type = setresuid and proc.args contains "{_marker}"
              output: ids %evt.arg.ruid %evt.arg.euid %evt.arg.suid (user=%user.uid)
              priority: INFO
            - rule: Hermes test prctl
              desc: the test's process renaming itself
              condition: evt.type = prctl and evt.arg.option = PR_SET_NAME and proc.args contains "{_marker}"
              output: renamed to %evt.arg.arg2_str (option=%evt.arg.option res=%evt.res category=%evt.category)
              priority: INFO
            """);
    }

    public void Dispose() => _collector.Dispose();

    private JsonElement Expect(string rule, string action) => _collector.Expect(rule, action);

    private static string? F(JsonElement fields, string name) => CollectorWithTestRules.Field(fields, name);

    [Fact]
    public void DescriptorDuplicatedWithFcntl_KeepsItsFile()
    {
        var file = Path.Combine(_collector.Collector.Scratch("fcntl"), _marker);
        File.WriteAllText(file, "x");
        var action = CollectorProcess.Shell($"python3 -c \"import fcntl,os; fd=os.open('{file}', os.O_RDONLY); d=fcntl.fcntl(fd, fcntl.F_DUPFD, 100); os.close(fd); os.close(d)\"");
        var fields = Expect("Hermes test duplicated descriptor closed", action);
        Assert.Equal(file, F(fields, "fd.name"));
    }

    [Fact]
    public void Fchdir_MovesTheDirectoryRelativePathsResolveAgainst()
    {
        var directory = _collector.Collector.Scratch("fchdir");
        var action = CollectorProcess.Shell($"python3 -c \"import os; d=os.open('{directory}', os.O_RDONLY); os.chdir('/'); os.fchdir(d); open('{_marker}.txt', 'w').close()\"");
        var fields = Expect("Hermes test relative open", action);
        Assert.Equal($"{directory}/{_marker}.txt", F(fields, "fd.name"));
        Assert.Equal(directory + "/", F(fields, "proc.cwd"));
    }

    [Fact]
    public void UserInAContainer_IsNamedByTheContainersPasswd_NotTheHosts()
    {
        // The host has its own uid 1000 (or none); the container's /etc/passwd says uid 1000 is "payments".
        var passwd = Path.Combine(_collector.Collector.Scratch("passwd"), "passwd");
        File.WriteAllText(passwd, "root:x:0:0:root:/root:/bin/sh\npayments:x:1000:1000::/srv/payments:/bin/sh\n");
        var image = PodmanImage.Ensure();
        var action = CollectorProcess.Shell($"podman run --rm --user 1000 -v {passwd}:/etc/passwd:ro {image} /bin/sh -c 'sleep 1 # {_marker}'");
        var fields = Expect("Hermes test container user", action);
        Assert.Equal("payments", F(fields, "user.name"));
        Assert.Equal("/srv/payments", F(fields, "user.homedir"));
    }

    [Fact]
    public void Setresuid_CarriesItsIds()
    {
        var action = CollectorProcess.Shell($"python3 -c \"import os; os.setresuid(65534, 65534, -1) # {_marker}\"");
        var fields = Expect("Hermes test setresuid", action);
        Assert.Equal("65534", F(fields, "evt.arg.ruid"));
        Assert.Equal("65534", F(fields, "evt.arg.euid"));
        Assert.Equal("-1", F(fields, "evt.arg.suid"));
        Assert.Equal("65534", F(fields, "user.uid"));
    }

    [Fact]
    public void Prctl_IsRenderedWithFalcosOptionNames()
    {
        var action = CollectorProcess.Shell($"python3 -c \"import ctypes; ctypes.CDLL(None).prctl(15, b'hermes-renamed', 0, 0, 0)\" {_marker}");
        var fields = Expect("Hermes test prctl", action);
        Assert.Equal("hermes-renamed", F(fields, "evt.arg.arg2_str"));
        Assert.Equal("PR_SET_NAME", F(fields, "evt.arg.option"));
        Assert.Equal("SUCCESS", F(fields, "evt.res"));
        Assert.Equal("process", F(fields, "evt.category"));
    }
}
