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
            foreach (var line in File.ReadLines(Path.Combine(dir, "status")))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal)) process.Uid = long.Parse(line.Split('\t')[2], CultureInfo.InvariantCulture);
                else if (line.StartsWith("Gid:", StringComparison.Ordinal)) process.Gid = long.Parse(line.Split('\t')[2], CultureInfo.InvariantCulture);
                else if (line.StartsWith("CapEff:", StringComparison.Ordinal)) process.CapEffective = Capabilities.Render(ulong.Parse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                else if (line.StartsWith("CapPrm:", StringComparison.Ordinal)) process.CapPermitted = Capabilities.Render(ulong.Parse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
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

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

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
