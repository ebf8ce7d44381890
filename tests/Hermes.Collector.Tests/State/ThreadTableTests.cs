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
        // identity: the host's pid namespace, the runtime's threads, the executable's inode, descriptors 0-2
        Assert.Equal(self.Pid, self.Vpid);
        Assert.NotEmpty(self.Threads);
        Assert.All(self.Threads, t => Assert.Equal(t.Key, t.Value));
        Assert.Equal(FileStatus.Of($"/proc/{self.Pid}/exe")!.Value.Inode, self.ExeIno);
        Assert.True(self.PidNsInitStartNs > 0 && self.PidNsInitStartNs <= self.StartTimeNs);
        Assert.NotEmpty(self.Fds);
    }

    [Fact]
    public void Threads_StartAndEnd_AndExecLeavesOnlyTheCaller()
    {
        var table = new ThreadTable();
        table.Add(new ProcessInfo { Pid = 20, Name = "java" });
        table.OnThreadStart(20, 21, 2);
        table.OnThreadStart(20, 22, 3);
        table.OnThreadStart(99, 100, 1); // a thread of a process never seen is ignored
        Assert.Equal(new Dictionary<int, int> { [21] = 2, [22] = 3 }, table.Get(20)!.Threads);
        table.OnThreadExit(20, 21);
        Assert.Equal([22], table.Get(20)!.Threads.Keys);
        table.OnExec(20, new ExecutedProgram("sh", "sh", "/bin/sh", [], null));
        Assert.Empty(table.Get(20)!.Threads);
    }

    [Fact]
    public void PidNamespaceInit_TellsItsNamespaceWhenItStarted()
    {
        var table = new ThreadTable();
        table.Add(new ProcessInfo { Pid = 500, Vpid = 1, PidNamespace = 4026532000, StartTimeNs = 1_000 });
        var member = new ProcessInfo { Pid = 501, Vpid = 2, PidNamespace = 4026532000 };
        table.Add(member);
        var stranger = new ProcessInfo { Pid = 502, Vpid = 2, PidNamespace = 4026532001 };
        table.Add(stranger);
        Assert.Equal(1_000, member.PidNsInitStartNs);
        Assert.Equal(0, stranger.PidNsInitStartNs);
    }

    [Fact]
    public void ExeInodeTimes_GiveFalcosDurations()
    {
        var process = new ProcessInfo { Pid = 1, StartTimeNs = 5_000, ExeCtimeNs = 3_000, PidNsInitStartNs = 1_000 };
        Assert.Equal(2_000, process.ExeCtimeToStartNs);
        Assert.Equal(2_000, process.PidNsStartToExeCtimeNs);
        process.ExeCtimeNs = 500; // changed before the namespace began: no duration
        Assert.Null(process.PidNsStartToExeCtimeNs);
        process.ExeCtimeNs = 0;
        Assert.Null(process.ExeCtimeToStartNs);
    }

    [Fact]
    public void CloneExecExit_KeepTheTableCurrent()
    {
        var table = new ThreadTable();
        table.Add(new ProcessInfo { Pid = 10, ParentPid = 1, Name = "bash", Exe = "-bash", ExePath = "/usr/bin/bash", Cwd = "/root/", Uid = 1000 });
        var child = table.OnChildStarted(10, 11, 11, 5);
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
        table.OnChildStarted(10, 11, 11, 5);
        Assert.Equal("cat /etc/shadow", table.Get(11)!.CommandLine);
        Assert.Equal(10, table.Get(11)!.ParentPid);
    }

    [Fact]
    public void Child_StartsWithTheParentAsItWasWhenForkReturned()
    {
        var table = new ThreadTable();
        var shell = new ProcessInfo { Pid = 30, Name = "sh" };
        shell.Fds[4] = new FdInfo { Number = 4, Type = FdInfo.Kind.Pipe, Name = "" };
        table.Add(shell);
        table.OnForkReturned(30, 31, 100);
        shell.Fds.Remove(4); // the parent moves on before the child runs
        var child = table.OnChildStarted(30, 31, 31, 200);
        Assert.True(child.Fds.ContainsKey(4));
        Assert.Equal(100, child.StartTimeNs);
        Assert.Equal(30, child.ParentPid);
    }

    [Fact]
    public void ChildInAContainer_IsMatchedByItsNamespacePid_EvenWhenItsParentIsItsGrandparent()
    {
        var table = new ThreadTable();
        table.Add(new ProcessInfo { Pid = 1, Name = "init" });
        var runc = new ProcessInfo { Pid = 40, ParentPid = 1, Name = "runc:[1:CHILD]", Vpid = 1 };
        runc.Fds[7] = new FdInfo { Number = 7, Type = FdInfo.Kind.Pipe, Name = "" };
        table.Add(runc);
        table.OnForkReturned(40, 2, 100); // fork returned the child's pid inside the namespace
        var child = table.OnChildStarted(1, 4242, 2, 200); // CLONE_PARENT: the kernel's parent is the grandparent
        Assert.Equal("runc:[1:CHILD]", child.Name);
        Assert.True(child.Fds.ContainsKey(7));
        Assert.Equal(1, child.ParentPid);
    }

    [Fact]
    public void ChildThatRanBeforeItsParentReturned_CopiesTheParentNow()
    {
        var table = new ThreadTable();
        table.Add(new ProcessInfo { Pid = 50, Name = "bash", Cwd = "/srv/" });
        var child = table.OnChildStarted(50, 51, 51, 300);
        Assert.Equal("/srv/", child.Cwd);
        table.OnForkReturned(50, 51, 290); // late: the child already exists, so the copy is never used
        Assert.Same(child, table.Get(51));
    }
}
