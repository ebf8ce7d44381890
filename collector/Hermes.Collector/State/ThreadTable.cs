using System.Globalization;

namespace Hermes.Collector.State;

/// <summary>
/// Every process the collector knows, by pid: bootstrapped from <c>/proc</c> so processes that started before the
/// collector have names, ancestors and containers, then kept current by clone, execve and exit events.
/// </summary>
public sealed class ThreadTable
{
    private readonly Dictionary<int, ProcessInfo> _processes = [];

    // pid namespace inode → start of its init (vpid 1), learnt from /proc: how processes read from /proc later get
    // proc.pidns_init_start_ts (the probe reports it directly for processes it sees start).
    private readonly Dictionary<ulong, long> _namespaceInitStart = [];

    /// <summary>Where the process table was read from (<c>/proc</c>, or a test's copy).</summary>
    public string ProcRoot { get; private init; } = "/proc";

    /// <summary>How many processes are tracked.</summary>
    public int Count => _processes.Count;

    /// <summary>A process by pid.</summary>
    public ProcessInfo? Get(int pid) => _processes.GetValueOrDefault(pid);

    /// <summary>Reads every process under <paramref name="procRoot"/>.</summary>
    public static ThreadTable Bootstrap(string procRoot = "/proc")
    {
        var table = new ThreadTable { ProcRoot = procRoot };
        var boot = ProcReader.BootTimeNs(procRoot);
        foreach (var (pid, _) in ProcReader.NumberedEntries(procRoot))
            if (ProcReader.Read(procRoot, pid, boot) is { } process) table._processes[pid] = process;
        // Twice: a process listed before its namespace's init learns the init's start on the second pass.
        for (var pass = 0; pass < 2; pass++)
            foreach (var process in table._processes.Values) table.LearnNamespace(process);
        return table;
    }

    /// <summary>Adds or replaces a process.</summary>
    public void Add(ProcessInfo process)
    {
        ArgumentNullException.ThrowIfNull(process);
        _processes[process.Pid] = process;
        LearnNamespace(process);
    }

    // An init (vpid 1) tells when its namespace started; any other process of a known namespace learns it.
    private void LearnNamespace(ProcessInfo process)
    {
        // A process whose pid is the same inside its namespace lives in the root one, whose init is pid 1 (whose
        // namespace link may be unreadable, e.g. from a user namespace).
        if (process.Vpid == process.Pid && process.PidNsInitStartNs == 0 && process.Pid != 1 && Get(1) is { StartTimeNs: > 0 } init)
            process.PidNsInitStartNs = init.StartTimeNs;
        if (process.PidNamespace == 0) return;
        if (process.Vpid == 1) _namespaceInitStart[process.PidNamespace] = process.StartTimeNs;
        else if (process.PidNsInitStartNs == 0 && _namespaceInitStart.TryGetValue(process.PidNamespace, out var start)) process.PidNsInitStartNs = start;
    }

    // Children as their parent was when fork returned to it, until the child's own first event names it: the parent
    // may close or open descriptors before the child gets to run, and the child must start with the fork-time copy.
    // Keyed by the parent and the pid fork returned (the child's pid in the parent's namespace).
    private readonly Dictionary<(int Parent, int Child), ProcessInfo> _forks = [];
    private const int MaxPendingForks = 4096;

    /// <summary>fork/clone returned <paramref name="returnedPid"/> to the parent: remembers the child as it starts.</summary>
    public void OnForkReturned(int parentPid, int returnedPid, long timeNs)
    {
        if (Get(parentPid) is not { } parent) return;
        // Children that never report (their event was dropped) must not accumulate.
        if (_forks.Count >= MaxPendingForks) _forks.Clear();
        _forks[(parentPid, returnedPid)] = parent.ForkedAs(returnedPid, timeNs);
    }

    /// <summary>
    /// A new process's first event (fork returning 0 in the child): it starts as the copy taken when fork returned to
    /// its parent, or, when the child ran first, as a copy of the parent now (which has not moved on yet).
    /// </summary>
    public ProcessInfo OnChildStarted(int parentPid, int childPid, int childVpid, long timeNs)
    {
        if (Get(childPid) is { } existing)
        {
            existing.ParentPid = parentPid;
            return existing;
        }
        var child = TakeFork(parentPid, childVpid) is { } atFork
            ? atFork.ForkedAs(childPid, atFork.StartTimeNs)
            : Get(parentPid)?.ForkedAs(childPid, timeNs) ?? new ProcessInfo { Pid = childPid, StartTimeNs = timeNs };
        child.ParentPid = parentPid;
        _processes[childPid] = child;
        return child;
    }

    // By parent and pid; a child made with CLONE_PARENT (runc does) reports its grandparent as parent, so then by pid
    // alone.
    private ProcessInfo? TakeFork(int parentPid, int childVpid)
    {
        if (_forks.Remove((parentPid, childVpid), out var atFork)) return atFork;
        foreach (var key in _forks.Keys)
            if (key.Child == childVpid && _forks.Remove(key, out atFork)) return atFork;
        return null;
    }

    /// <summary>A successful execve: the process runs a new program; close-on-exec fds are the decoder's business.</summary>
    public void OnExec(int pid, ExecutedProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var process = Get(pid) ?? new ProcessInfo { Pid = pid };
        process.Name = program.Name;
        process.Exe = program.Exe;
        process.ExePath = program.ExePath;
        process.Args = program.Args;
        if (program.Cwd is { } cwd) process.Cwd = cwd.Length > 1 ? cwd.TrimEnd('/') + "/" : "/";
        process.ExeUpperLayer = program.UpperLayer;
        process.ExeFromMemfd = program.FromMemfd;
        process.ExeWritable = program.Writable;
        process.ExeIno = program.Inode;
        process.ExeCtimeNs = program.ChangeTimeNs;
        process.ExeMtimeNs = program.ModifyTimeNs;
        // exec ends every other thread; the one that called it becomes the leader
        process.Threads.Clear();
        _processes[pid] = process;
    }

    /// <summary>A new thread in a known process (the leader's pid), with its id inside the pid namespace.</summary>
    public void OnThreadStart(int pid, int tid, int vtid)
    {
        if (Get(pid) is { } process) process.Threads[tid] = vtid;
    }

    /// <summary>A thread other than the leader ended.</summary>
    public void OnThreadExit(int pid, int tid) => Get(pid)?.Threads.Remove(tid);

    /// <summary>The process exited; its children are re-parented to init as the kernel does.</summary>
    public void OnExit(int pid)
    {
        _processes.Remove(pid);
    }

    /// <summary>The ancestor <paramref name="level"/> levels up (1 = parent), or null.</summary>
    public ProcessInfo? Ancestor(ProcessInfo process, int level)
    {
        ArgumentNullException.ThrowIfNull(process);
        var current = process;
        for (var i = 0; i < level; i++)
        {
            if (current.ParentPid <= 0 || current.ParentPid == current.Pid) return null;
            current = Get(current.ParentPid);
            if (current is null) return null;
        }
        return current;
    }
}
