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
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ProcReader.Read(procRoot, pid, boot) is { } process) table._processes[pid] = process;
        }
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

    /// <summary>A fork/clone: the child starts as a copy of the parent (same program, same fds).</summary>
    public ProcessInfo OnClone(int parentPid, int childPid, long timeNs)
    {
        // On another CPU the child may already have run (and exec'd) before the parent's clone returns: the child's
        // own events are newer than the parent's copy, so keep them.
        if (Get(childPid) is { } existing)
        {
            existing.ParentPid = parentPid;
            return existing;
        }
        var parent = Get(parentPid);
        var child = new ProcessInfo
        {
            Pid = childPid,
            ParentPid = parentPid,
            Name = parent?.Name ?? string.Empty,
            Exe = parent?.Exe ?? string.Empty,
            ExePath = parent?.ExePath ?? string.Empty,
            Args = parent?.Args ?? [],
            Cwd = parent?.Cwd ?? string.Empty,
            Uid = parent?.Uid ?? 0,
            Gid = parent?.Gid ?? 0,
            LoginUid = parent?.LoginUid ?? -1,
            Tty = parent?.Tty ?? 0,
            Sid = parent?.Sid ?? 0,
            Pgid = parent?.Pgid ?? 0,
            StartTimeNs = timeNs,
            ContainerId = parent?.ContainerId,
            CapEffective = parent?.CapEffective ?? string.Empty,
            CapPermitted = parent?.CapPermitted ?? string.Empty,
            Environment = parent?.Environment ?? new Dictionary<string, string>(),
            ExeUpperLayer = parent?.ExeUpperLayer ?? false,
            ExeFromMemfd = parent?.ExeFromMemfd ?? false,
            ExeWritable = parent?.ExeWritable ?? false,
            ExeIno = parent?.ExeIno ?? 0,
            ExeCtimeNs = parent?.ExeCtimeNs ?? 0,
            ExeMtimeNs = parent?.ExeMtimeNs ?? 0,
            PidNamespace = parent?.PidNamespace ?? 0,
            PidNsInitStartNs = parent?.PidNsInitStartNs ?? 0,
            CapInheritable = parent?.CapInheritable ?? string.Empty,
        };
        if (parent is not null)
            foreach (var (number, fd) in parent.Fds) child.Fds[number] = fd;
        _processes[childPid] = child;
        return child;
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
