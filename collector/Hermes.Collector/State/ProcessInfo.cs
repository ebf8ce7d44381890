namespace Hermes.Collector.State;

/// <summary>
/// A process (thread group) as the collector knows it: what <c>proc.*</c>, <c>user.*</c>, <c>thread.*</c> and
/// <c>container.id</c> read. Filled from /proc at start-up and kept current from clone/execve/exit events.
/// </summary>
public sealed class ProcessInfo
{
    public required int Pid { get; init; }

    public int ParentPid { get; set; }

    /// <summary>The process name: comm, or the executable's file name (Falco's <c>proc.name</c>).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>argv[0] (<c>proc.exe</c>).</summary>
    public string Exe { get; set; } = string.Empty;

    /// <summary>The executable's full path (<c>proc.exepath</c>).</summary>
    public string ExePath { get; set; } = string.Empty;

    /// <summary>argv[1..] (<c>proc.args</c> joins them with spaces).</summary>
    public IReadOnlyList<string> Args { get; set; } = [];

    public string Cwd { get; set; } = string.Empty;

    public long Uid { get; set; }

    public long Gid { get; set; }

    /// <summary>The audit login uid; -1 (4294967295 in the kernel) when unset.</summary>
    public long LoginUid { get; set; } = -1;

    /// <summary>The controlling terminal's device number; 0 when none.</summary>
    public long Tty { get; set; }

    public int Sid { get; set; }

    public int Pgid { get; set; }

    /// <summary>Start time, nanoseconds since the epoch.</summary>
    public long StartTimeNs { get; set; }

    /// <summary>The full 64-hex container id, or null on the host.</summary>
    public string? ContainerId { get; set; }

    public bool ExeUpperLayer { get; set; }

    public bool ExeFromMemfd { get; set; }

    public bool ExeWritable { get; set; }

    /// <summary>Effective capabilities as Falco renders them (<c>CAP_SYS_ADMIN CAP_NET_RAW …</c>).</summary>
    public string CapEffective { get; set; } = string.Empty;

    public string CapPermitted { get; set; } = string.Empty;

    /// <summary>The effective capability bits <see cref="CapEffective"/> was rendered from.</summary>
    public ulong CapEffectiveBits { get; set; }

    public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary>Open file descriptors.</summary>
    public Dictionary<int, FdInfo> Fds { get; } = [];

    /// <summary><c>proc.cmdline</c>: the name followed by the arguments.</summary>
    public string CommandLine => Args.Count == 0 ? Name : Name + " " + string.Join(' ', Args);

    /// <summary><c>proc.exeline</c>: argv[0] followed by the arguments.</summary>
    public string ExeLine => Args.Count == 0 ? Exe : Exe + " " + string.Join(' ', Args);
}
