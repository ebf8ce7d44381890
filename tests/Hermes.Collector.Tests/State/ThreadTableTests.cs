using Hermes.Collector.State;

namespace Hermes.Collector.Tests.State;

public sealed class ThreadTableTests
{
    [Fact]
    public void Bootstrap_FromTheRealProc_KnowsThisProcessAndItsAncestors()
    {
        var table = ThreadTable.Bootstrap();
        var self = table.Get(Environment.ProcessId);
        Assert.NotNull(self);
        Assert.False(string.IsNullOrEmpty(self.Name));
        Assert.StartsWith("/", self.ExePath, StringComparison.Ordinal);
        Assert.EndsWith("/", self.Cwd, StringComparison.Ordinal);
        Assert.True(self.StartTimeNs > 1_600_000_000_000_000_000);
        Assert.NotNull(table.Ancestor(self, 1));
        Assert.True(table.Count > 3);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), self.Environment.GetValueOrDefault("PATH"));
    }

    [Fact]
    public void CloneExecExit_KeepTheTableCurrent()
    {
        var table = new ThreadTable();
        table.Add(new ProcessInfo { Pid = 10, ParentPid = 1, Name = "bash", Exe = "-bash", ExePath = "/usr/bin/bash", Cwd = "/root/", Uid = 1000 });
        var child = table.OnClone(10, 11, 5);
        Assert.Equal("bash", child.Name);
        Assert.Equal(1000, child.Uid);
        table.OnExec(11, new ExecutedProgram("cat", "cat", "/usr/bin/cat", ["/etc/shadow"], null));
        Assert.Equal("cat /etc/shadow", table.Get(11)!.CommandLine);
        Assert.Equal("bash", table.Ancestor(table.Get(11)!, 1)!.Name);
        table.OnExit(11);
        Assert.Null(table.Get(11));
    }

    [Fact]
    public void ChildExecSeenBeforeParentsClone_KeepsTheChildsProgram()
    {
        var table = new ThreadTable();
        table.Add(new ProcessInfo { Pid = 10, Name = "sh", Args = ["-c", "cat /etc/shadow"] });
        table.OnExec(11, new ExecutedProgram("cat", "cat", "/usr/bin/cat", ["/etc/shadow"], null));
        table.OnClone(10, 11, 5);
        Assert.Equal("cat /etc/shadow", table.Get(11)!.CommandLine);
        Assert.Equal(10, table.Get(11)!.ParentPid);
    }
}
