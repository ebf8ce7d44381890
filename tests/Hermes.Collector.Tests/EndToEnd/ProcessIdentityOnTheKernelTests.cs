using System.Globalization;
using System.Text.Json;
using Hermes.Collector.State;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// What the probe reports about who a process is, checked on the real kernel with test rules loaded after the
/// official ones: the executable's inode and times (compared with statx of the same file), whether its user may
/// write it, pids inside a pid namespace, threads, what stdin and stdout are connected to, and file creation modes.
/// </summary>
[Collection("kernel")]
public sealed class ProcessIdentityOnTheKernelTests : IDisposable
{
    private readonly string _marker = "hermes-" + Guid.NewGuid().ToString("N")[..8];
    private readonly CollectorWithTestRules _collector;

    public ProcessIdentityOnTheKernelTests()
    {
        _collector = new CollectorWithTestRules($"""
            - rule: Hermes test program identity
              desc: the test's own binary started
              condition: evt.type = execve and proc.name = "{_marker}"
              output: >
                ran %proc.exepath (ino=%proc.exe_ino ctime=%proc.exe_ino.ctime mtime=%proc.exe_ino.mtime
                since_ctime=%proc.exe_ino.ctime_duration_proc_start writable=%proc.is_exe_writable uid=%user.uid
                pid=%proc.pid vpid=%proc.vpid pvpid=%proc.pvpid vtid=%thread.vtid init=%proc.pidns_init_start_ts
                after_init=%proc.exe_ino.ctime_duration_pidns_start stdin=%proc.stdin.type stdout=%proc.stdout.type
                stdout_name=%proc.stdout.name shell=%proc.loginshellid ppid=%proc.ppid category=%evt.category)
              priority: INFO
            - rule: Hermes test thread open
              desc: the test's file opened by a thread other than the main one
              condition: evt.type in (open, openat) and fd.name endswith "/{_marker}.thread"
              output: >
                thread %thread.tid of %proc.pid (main=%thread.ismain vtid=%thread.vtid threads=%proc.nthreads
                io=%evt.is_io category=%evt.category)
              priority: INFO
            - rule: Hermes test created file
              desc: the test's file created
              condition: evt.type in (open, openat, creat) and fd.name contains "/{_marker}.created"
              output: >
                created %fd.name (exec=%evt.is_open_exec ino=%fd.ino dev=%fd.dev uid=%fd.uid tid=%thread.tid fd=%fd.num category=%evt.category
                reltime=%evt.reltime)
              priority: INFO
            """);
    }

    public void Dispose() => _collector.Dispose();

    private static string? F(JsonElement fields, string name) => CollectorWithTestRules.Field(fields, name);

    private string FreshBinary()
    {
        var binary = Path.Combine(_collector.Collector.Scratch("bin"), _marker);
        File.Copy("/bin/true", binary); // keeps its mode, 755
        return binary;
    }

    [Fact]
    public void ExecutedBinary_CarriesItsInodeAndTimes_AsStatxSeesThem()
    {
        var binary = FreshBinary();
        var status = FileStatus.Of(binary)!.Value;
        var output = Path.Combine(_collector.Collector.Scratch("out"), "stdout");
        var action = CollectorProcess.Shell($"echo hi | {binary} > {output}");
        var fields = _collector.Expect("Hermes test program identity", action);

        Assert.Equal(status.Inode.ToString(CultureInfo.InvariantCulture), F(fields, "proc.exe_ino"));
        Assert.Equal(status.ChangeTimeNs.ToString(CultureInfo.InvariantCulture), F(fields, "proc.exe_ino.ctime"));
        Assert.Equal(status.ModifyTimeNs.ToString(CultureInfo.InvariantCulture), F(fields, "proc.exe_ino.mtime"));
        // written just before the shell forked the process that ran it
        var sinceChange = long.Parse(F(fields, "proc.exe_ino.ctime_duration_proc_start")!, CultureInfo.InvariantCulture);
        Assert.InRange(sinceChange, 1, 60_000_000_000L);
        Assert.Equal("true", F(fields, "proc.is_exe_writable")); // root owns it, mode 755
        Assert.Equal("pipe", F(fields, "proc.stdin.type"));
        Assert.Equal("file", F(fields, "proc.stdout.type"));
        Assert.Equal(output, F(fields, "proc.stdout.name"));
        Assert.Equal("process", F(fields, "evt.category"));
        // on the host, the pid namespace view is the host's own
        Assert.Equal(F(fields, "proc.pid"), F(fields, "proc.vpid"));
        Assert.Equal(F(fields, "proc.pid"), F(fields, "thread.vtid"));
        Assert.Equal(F(fields, "proc.ppid"), F(fields, "proc.pvpid"));
        // the shell that ran it (dash is "sh") is the oldest shell in its ancestry, or an older one
        Assert.NotNull(F(fields, "proc.loginshellid"));
    }

    [Fact]
    public void BinaryRunByAnotherUser_IsNotWritableByIt()
    {
        var binary = FreshBinary();
        var action = CollectorProcess.Shell($"setpriv --reuid=65534 --regid=65534 --clear-groups {binary}");
        var fields = _collector.Expect("Hermes test program identity", action, f => F(f, "user.uid") == "65534");
        Assert.Equal("false", F(fields, "proc.is_exe_writable"));
    }

    [Fact]
    public void ProcessInAPidNamespace_HasItsNamespacePids()
    {
        var binary = FreshBinary();
        // sh is the namespace's init (pid 1 inside); the binary it forks is pid 2 there
        var action = CollectorProcess.Shell($"unshare --pid --fork sh -c '{binary}; true'");
        var fields = _collector.Expect("Hermes test program identity", action);

        Assert.Equal("2", F(fields, "proc.vpid"));
        Assert.Equal("2", F(fields, "thread.vtid"));
        Assert.Equal("1", F(fields, "proc.pvpid"));
        Assert.NotEqual("2", F(fields, "proc.pid"));
        var init = long.Parse(F(fields, "proc.pidns_init_start_ts")!, CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000 - init, 0, 120_000_000_000L);
        // the binary was written before the namespace's init started
        Assert.Null(F(fields, "proc.exe_ino.ctime_duration_pidns_start"));
    }

    [Fact]
    public void OpenFromASecondThread_IsThatThread()
    {
        var file = Path.Combine(_collector.Collector.Scratch("threads"), _marker + ".thread");
        File.WriteAllText(file, "x");
        var action = CollectorProcess.Shell($"python3 -c \"import threading\nt=threading.Thread(target=lambda: open('{file}').read())\nt.start(); t.join()\"");
        var fields = _collector.Expect("Hermes test thread open", action);

        Assert.Equal("false", F(fields, "thread.ismain"));
        Assert.NotEqual(F(fields, "proc.pid"), F(fields, "thread.tid"));
        Assert.Equal(F(fields, "thread.tid"), F(fields, "thread.vtid"));
        Assert.True(int.Parse(F(fields, "proc.nthreads")!, CultureInfo.InvariantCulture) >= 2);
        Assert.Equal("false", F(fields, "evt.is_io"));
        Assert.Equal("file", F(fields, "evt.category"));
    }

    [Fact]
    public void FileCreatedExecutable_IsOpenExec_WithItsInode()
    {
        var directory = _collector.Collector.Scratch("created");
        var executable = Path.Combine(directory, _marker + ".created-x");
        var plain = Path.Combine(directory, _marker + ".created-p");
        var action = CollectorProcess.Shell($"python3 -c \"import os,time\nfd=os.open('{executable}', os.O_CREAT|os.O_WRONLY, 0o755)\nfd2=os.open('{plain}', os.O_CREAT|os.O_WRONLY, 0o644)\ntime.sleep(2)\"");
        var created = _collector.Expect("Hermes test created file", action, f => F(f, "fd.name") == executable);
        var other = _collector.Expect("Hermes test created file", action, f => F(f, "fd.name") == plain);

        Assert.Equal("true", F(created, "evt.is_open_exec"));
        Assert.Equal("false", F(other, "evt.is_open_exec"));
        // fd.ino/fd.dev are the open file's own (read while the process still holds it open)
        var status = FileStatus.Of(executable)!.Value;
        Assert.Equal(status.Inode.ToString(CultureInfo.InvariantCulture), F(created, "fd.ino"));
        Assert.Equal(status.Device.ToString(CultureInfo.InvariantCulture), F(created, "fd.dev"));
        Assert.Equal(F(created, "thread.tid") + F(created, "fd.num"), F(created, "fd.uid")); // Falco chains the two
        Assert.Equal("file", F(created, "evt.category"));
        Assert.True(long.Parse(F(created, "evt.reltime")!, CultureInfo.InvariantCulture) > 0);
    }
}
