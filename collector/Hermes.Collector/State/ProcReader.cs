using System.Globalization;

namespace Hermes.Collector.State;

/// <summary>
/// Reads a process's state from <c>/proc/PID</c>: what the thread table needs for processes that started before
/// the collector. Every read tolerates the process exiting meanwhile (returns null).
/// </summary>
public static class ProcReader
{
    /// <summary>The process, or null when it is gone or unreadable.</summary>
    public static ProcessInfo? Read(string procRoot, int pid, long bootTimeNs)
    {
        var dir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            // comm is in parentheses and may itself contain spaces and parentheses: split at the last ')'.
            var close = stat.LastIndexOf(')');
            var comm = stat[(stat.IndexOf('(') + 1)..close];
            var f = stat[(close + 2)..].Split(' ');
            var process = new ProcessInfo
            {
                Pid = pid,
                ParentPid = Int(f[1]),
                Pgid = Int(f[2]),
                Sid = Int(f[3]),
                Tty = long.Parse(f[4], CultureInfo.InvariantCulture),
                StartTimeNs = bootTimeNs + (long.Parse(f[19], CultureInfo.InvariantCulture) * 1_000_000_000L / 100),
            };
            var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).TrimEnd('\0').Split('\0');
            var exePath = TryReadLink(Path.Combine(dir, "exe")) ?? string.Empty;
            process.ExeFromMemfd = exePath.StartsWith("/memfd:", StringComparison.Ordinal);
            process.ExePath = exePath.EndsWith(" (deleted)", StringComparison.Ordinal) ? exePath[..^10] : exePath;
            process.Exe = cmdline.Length > 0 && cmdline[0].Length > 0 ? cmdline[0] : comm;
            process.Args = cmdline.Length > 1 ? cmdline[1..] : [];
            // Falco's proc.name is comm (the kernel's 15-character task name).
            process.Name = comm;
            process.Cwd = (TryReadLink(Path.Combine(dir, "cwd")) ?? string.Empty) + "/";
            if (process.Cwd == "//") process.Cwd = "/";
            long fsUid = 0, fsGid = 0;
            ulong capEffective = 0, capPermitted = 0, capInheritable = 0;
            foreach (var line in File.ReadLines(Path.Combine(dir, "status")))
            {
                // Uid:/Gid: list the real, effective, saved and filesystem ids.
                if (line.StartsWith("Uid:", StringComparison.Ordinal)) (process.Uid, fsUid) = (Field(line, 2), Field(line, 4));
                else if (line.StartsWith("Gid:", StringComparison.Ordinal)) (process.Gid, fsGid) = (Field(line, 2), Field(line, 4));
                else if (line.StartsWith("CapEff:", StringComparison.Ordinal)) capEffective = Hex(line);
                else if (line.StartsWith("CapPrm:", StringComparison.Ordinal)) capPermitted = Hex(line);
                else if (line.StartsWith("CapInh:", StringComparison.Ordinal)) capInheritable = Hex(line);
                else if (line.StartsWith("NSpid:", StringComparison.Ordinal)) process.Vpid = InnermostPid(line);
            }
            process.CapEffective = Capabilities.Render(capEffective);
            process.CapEffectiveBits = capEffective;
            process.SetNamespaceView(process.Vpid, 0, capPermitted, capInheritable);
            process.PidNamespace = NamespaceInode(TryReadLink(Path.Combine(dir, "ns", "pid")));
            ReadThreads(dir, pid, process);
            ReadFds(dir, process);
            if (FileStatus.Of(Path.Combine(dir, "exe")) is { } exe)
            {
                process.ExeIno = exe.Inode;
                process.ExeCtimeNs = exe.ChangeTimeNs;
                process.ExeMtimeNs = exe.ModifyTimeNs;
                process.ExeWritable = exe.WritableBy(fsUid, fsGid, capEffective);
            }
            var loginUid = TryReadText(Path.Combine(dir, "loginuid"));
            if (loginUid is not null && long.TryParse(loginUid.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var login))
                process.LoginUid = login == uint.MaxValue ? -1 : login;
            if (TryReadText(Path.Combine(dir, "cgroup")) is { } cgroup) process.ContainerId = ContainerIds.FromProcCgroup(cgroup);
            process.Environment = ReadEnvironment(Path.Combine(dir, "environ"));
            return process;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The boot time in nanoseconds since the epoch (from <c>/proc/stat</c>'s btime).</summary>
    public static long BootTimeNs(string procRoot)
    {
        foreach (var line in File.ReadLines(Path.Combine(procRoot, "stat")))
            if (line.StartsWith("btime ", StringComparison.Ordinal))
                return long.Parse(line[6..], CultureInfo.InvariantCulture) * 1_000_000_000L;
        return 0;
    }

    /// <summary>
    /// The entries of a /proc directory that are named by a number (pids, tids, fds) with their paths; none when the
    /// directory is gone (the process exited) or unreadable.
    /// </summary>
    public static IEnumerable<(int Number, string Path)> NumberedEntries(string directory)
    {
        List<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(directory).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        return entries.Select(entry => (Ok: int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var number), number, entry))
            .Where(e => e.Ok).Select(e => (e.number, e.entry));
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static long Field(string line, int index) => long.Parse(line.Split('\t')[index], CultureInfo.InvariantCulture);

    private static ulong Hex(string line) => ulong.Parse(line[(line.IndexOf(':') + 1)..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    // "NSpid:\t4242\t7": the pid in each nested namespace, outermost first; the last is the process's own view.
    private static int InnermostPid(string line)
    {
        var fields = line.Split('\t', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 ? Int(fields[^1]) : 0;
    }

    // "pid:[4026531836]" → 4026531836
    private static ulong NamespaceInode(string? link)
    {
        if (link is null) return 0;
        var open = link.IndexOf('[', StringComparison.Ordinal);
        var close = link.IndexOf(']', StringComparison.Ordinal);
        return open >= 0 && close > open && ulong.TryParse(link.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var inode) ? inode : 0;
    }

    // Open descriptors by what /proc/PID/fd/N links to: files, pipes, memfds and the kernel's anonymous inodes.
    // Sockets are left out: their addresses are not in the link (a later connect/accept describes them).
    private static void ReadFds(string dir, ProcessInfo process)
    {
        foreach (var (number, link) in NumberedEntries(Path.Combine(dir, "fd")))
            if (TryReadLink(link) is { } target && FdFromLink(number, target) is { } fd) process.Fds[number] = fd;
    }

    /// <summary>The fd a <c>/proc/PID/fd/N</c> link target describes, or null for sockets and unknown kinds.</summary>
    public static FdInfo? FdFromLink(int number, string target)
    {
        if (target.StartsWith("/memfd:", StringComparison.Ordinal))
            return new FdInfo { Number = number, Type = FdInfo.Kind.Memfd, Name = target.EndsWith(" (deleted)", StringComparison.Ordinal) ? target[1..^10] : target[1..] };
        if (target.StartsWith('/')) return new FdInfo { Number = number, Type = FdInfo.Kind.File, Name = target };
        if (target.StartsWith("pipe:", StringComparison.Ordinal)) return new FdInfo { Number = number, Type = FdInfo.Kind.Pipe, Name = string.Empty };
        FdInfo.Kind? kind = target switch
        {
            "anon_inode:[eventfd]" => FdInfo.Kind.Event,
            "anon_inode:[eventpoll]" => FdInfo.Kind.EventPoll,
            "anon_inode:[signalfd]" => FdInfo.Kind.SignalFd,
            "anon_inode:[timerfd]" => FdInfo.Kind.TimerFd,
            "anon_inode:inotify" => FdInfo.Kind.Inotify,
            _ when target.StartsWith("anon_inode:bpf", StringComparison.Ordinal) => FdInfo.Kind.Bpf,
            _ => null,
        };
        return kind is { } known ? new FdInfo { Number = number, Type = known, Name = target } : null;
    }

    // Every thread but the leader, with its id inside the pid namespace.
    private static void ReadThreads(string dir, int pid, ProcessInfo process)
    {
        foreach (var (tid, task) in NumberedEntries(Path.Combine(dir, "task")))
        {
            if (tid == pid) continue;
            var vtid = 0;
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    if (line.StartsWith("NSpid:", StringComparison.Ordinal)) vtid = InnermostPid(line);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // the thread ended meanwhile
            }
            process.Threads[tid] = vtid;
        }
    }

    private static string? TryReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? TryReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> ReadEnvironment(string path)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TryReadText(path) is not { } text) return environment;
        foreach (var entry in text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0) environment.TryAdd(entry[..equals], entry[(equals + 1)..]);
        }
        return environment;
    }
}
