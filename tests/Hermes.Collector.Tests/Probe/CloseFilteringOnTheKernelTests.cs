using System.Collections.Concurrent;
using System.Globalization;
using Hermes.Collector.Probe;
using Hermes.Collector.Tests.EndToEnd;

namespace Hermes.Collector.Tests.Probe;

/// <summary>
/// The probe ships state-only events only when something needs them: every close and fcntl when a rule names them;
/// otherwise closes of the descriptors whose end the state must see (sockets, pipes and their copies) but not of
/// regular files (half of a file workload's events), and fcntl's duplications but not its other commands (find makes
/// two per directory). Checked on the real kernel with the probe loaded in the test process.
/// </summary>
[Collection("kernel")]
public sealed class CloseFilteringOnTheKernelTests
{
    // Opens a socket, a pipe, a copy of the socket (fcntl F_DUPFD), a file and two copies of it at numbers nothing
    // used before (dup2, fcntl F_DUPFD: a low number may have been a tracked descriptor of the program this process
    // ran before exec, whose close would then be shipped, which is harmless), asks fd flags (fcntl F_GETFD), prints
    // "pid socket pipe_r pipe_w socket_copy file_copy file_copy2", then closes them all.
    private const string Script = "import os,socket,fcntl\n" +
        "s=socket.socket(); r,w=os.pipe(); c=fcntl.fcntl(s.fileno(), fcntl.F_DUPFD, 50)\n" +
        "f=os.open('/etc/hostname', os.O_RDONLY); d=os.dup2(f, 77) or 77; e=fcntl.fcntl(f, fcntl.F_DUPFD, 90)\n" +
        "fcntl.fcntl(f, fcntl.F_GETFD)\n" +
        "print(os.getpid(), s.fileno(), r, w, c, d, e, flush=True)\n" +
        "s.close(); os.close(r); os.close(w); os.close(c); os.close(d); os.close(e); os.close(f)";

    private static (HashSet<long> Closed, List<long> FcntlCommands, long[] Fds) Run(RulesWant rulesWant)
    {
        var events = new ConcurrentQueue<(int Pid, int Syscall, long Arg0, long Arg1)>();
        var (close, fcntl) = (Syscalls.NumberOf("close"), Syscalls.NumberOf("fcntl"));
        using var probe = KernelProbe.Start([close, fcntl, Syscalls.NumberOf("openat"), Syscalls.NumberOf("socket"), Syscalls.NumberOf("pipe2"), Syscalls.NumberOf("dup")], record =>
        {
            var r = new EventRecord(record);
            events.Enqueue((r.Pid, r.Syscall, r.Arg(0), r.Arg(1)));
        }, rulesWant: rulesWant);
        var output = CollectorProcess.Shell($"python3 -c \"{Script}\"");
        Thread.Sleep(500); // the probe is drained every 10 ms
        var numbers = output[(output.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Split(' ').Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var pid = (int)numbers[0];
        var mine = events.Where(e => e.Pid == pid).ToList();
        return (mine.Where(e => e.Syscall == close).Select(e => e.Arg0).ToHashSet(), mine.Where(e => e.Syscall == fcntl).Select(e => e.Arg1).ToList(), numbers[1..]);
    }

    [Fact]
    public void WithoutRulesOnThem_OnlyWhatTheStateNeedsIsShipped()
    {
        var (closed, fcntlCommands, fds) = Run(RulesWant.None);
        var (socket, pipeRead, pipeWrite, socketCopy, fileCopy, fileCopy2) = (fds[0], fds[1], fds[2], fds[3], fds[4], fds[5]);
        Assert.Contains(socket, closed);
        Assert.Contains(pipeRead, closed);
        Assert.Contains(pipeWrite, closed);
        Assert.Contains(socketCopy, closed);
        Assert.DoesNotContain(fileCopy, closed);
        Assert.DoesNotContain(fileCopy2, closed);
        const long DupFd = 0, GetFd = 1;
        Assert.Contains(DupFd, fcntlCommands);
        Assert.DoesNotContain(GetFd, fcntlCommands);
    }

    [Fact]
    public void WithRulesOnThem_EveryCloseAndFcntlIsShipped()
    {
        var (closed, fcntlCommands, fds) = Run(RulesWant.Close | RulesWant.Fcntl);
        Assert.All(fds, fd => Assert.Contains(fd, closed));
        Assert.Contains(1L, fcntlCommands); // F_GETFD
    }
}
