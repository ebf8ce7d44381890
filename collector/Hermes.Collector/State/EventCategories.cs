using Hermes.Rules.Fields;

namespace Hermes.Collector.State;

/// <summary>
/// Falco's <c>evt.category</c> for the captured event types (libscap's event table), and which of them carry data:
/// I/O events (close, dup, fcntl, send*) are refined by what their fd is — a file, the network, or IPC.
/// </summary>
public static class EventCategories
{
    private const string Io = "io";

    private static readonly Dictionary<string, string> ByName = new(StringComparer.Ordinal)
    {
        ["open"] = "file", ["openat"] = "file", ["openat2"] = "file", ["creat"] = "file", ["chdir"] = "file", ["fchdir"] = "file",
        ["mkdir"] = "file", ["mkdirat"] = "file", ["rmdir"] = "file", ["link"] = "file", ["linkat"] = "file", ["symlink"] = "file",
        ["symlinkat"] = "file", ["unlink"] = "file", ["unlinkat"] = "file", ["rename"] = "file", ["renameat"] = "file",
        ["renameat2"] = "file", ["chmod"] = "file", ["fchmod"] = "file", ["fchmodat"] = "file",
        ["socket"] = "net", ["connect"] = "net", ["bind"] = "net", ["listen"] = "net", ["accept"] = "net", ["accept4"] = "net",
        ["execve"] = "process", ["execveat"] = "process", ["clone"] = "process", ["clone3"] = "process", ["fork"] = "process",
        ["vfork"] = "process", ["procexit"] = "process", ["ptrace"] = "process", ["prctl"] = "process",
        ["setuid"] = "user", ["setgid"] = "user", ["setreuid"] = "user", ["setregid"] = "user", ["setresuid"] = "user", ["setresgid"] = "user",
        ["memfd_create"] = "memory", ["init_module"] = "other", ["finit_module"] = "other", ["pipe"] = "IPC", ["pipe2"] = "IPC",
        ["close"] = Io, ["dup"] = Io, ["dup2"] = Io, ["dup3"] = Io, ["fcntl"] = Io, ["sendto"] = Io, ["sendmsg"] = Io,
    };

    private static readonly string?[] ByType = Enumerable.Range(0, EventTypes.Count).Select(code => ByName.GetValueOrDefault(EventTypes.NameOf(code))).ToArray();
    private static readonly bool[] Writes = Enumerable.Range(0, EventTypes.Count).Select(code => EventTypes.NameOf(code) is "sendto" or "sendmsg").ToArray();

    /// <summary>The category of an event of <paramref name="type"/> on <paramref name="fd"/> ("unknown" when Falco has none).</summary>
    public static string Of(int type, FdInfo? fd)
    {
        var category = (uint)type < (uint)ByType.Length ? ByType[type] : null;
        if (category is not Io) return category ?? "unknown";
        return fd?.Type switch
        {
            FdInfo.Kind.File or FdInfo.Kind.Directory => "file",
            FdInfo.Kind.Ipv4 or FdInfo.Kind.Ipv6 => "net",
            FdInfo.Kind.Pipe or FdInfo.Kind.Unix or FdInfo.Kind.Event or FdInfo.Kind.SignalFd or FdInfo.Kind.Inotify => "ipc",
            _ => "unknown", // Falco says unknown both for an fd it never saw and for other kinds (memfd, netlink, …)
        };
    }

    /// <summary>Whether the event writes data to its fd (Falco's EF_WRITES_TO_FD).</summary>
    public static bool IsWrite(int type) => (uint)type < (uint)Writes.Length && Writes[type];
}
