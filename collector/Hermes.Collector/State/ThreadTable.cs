using System.Globalization;

namespace Hermes.Collector.State;

/// <summary>
/// Every process the collector knows, by pid: bootstrapped from <c>/proc</c> so processes that started before the
/// collector have names, ancestors and containers, then kept current by clone, execve and exit events.
/// </summary>
public sealed class ThreadTable
{
    private readonly Dictionary<int, ProcessInfo> _processes = [];

    /// <summary>How many processes are tracked.</summary>
    public int Count => _processes.Count;

    /// <summary>A process by pid.</summary>
    public ProcessInfo? Get(int pid) => _processes.GetValueOrDefault(pid);

    /// <summary>Reads every process under <paramref name="procRoot"/>.</summary>
    public static ThreadTable Bootstrap(string procRoot = "/proc")
    {
        var table = new ThreadTable();
        var boot = ProcReader.BootTimeNs(procRoot);
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ProcReader.Read(procRoot, pid, boot) is { } process) table._processes[pid] = process;
        }
        return table;
    }

    /// <summary>Adds or replaces a process.</summary>
    public void Add(ProcessInfo process)
    {
        ArgumentNullException.ThrowIfNull(process);
        _processes[process.Pid] = process;
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
        };
        if (parent is not null)
            foreach (var (number, fd) in parent.Fds) child.Fds[number] = fd;
        _processes[childPid] = child;
        return child;
    }

    /// <summary>A successful execve: the process runs a new program; close-on-exec fds are the decoder's business.</summary>
    public void OnExec(int pid, string name, string exe, string exePath, IReadOnlyList<string> args, string? cwd, bool upperLayer, bool fromMemfd)
    {
        var process = Get(pid) ?? new ProcessInfo { Pid = pid };
        process.Name = name;
        process.Exe = exe;
        process.ExePath = exePath;
        process.Args = args;
        if (cwd is not null) process.Cwd = cwd.Length > 1 ? cwd.TrimEnd('/') + "/" : "/";
        process.ExeUpperLayer = upperLayer;
        process.ExeFromMemfd = fromMemfd;
        _processes[pid] = process;
    }

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
