namespace Hermes.Collector.State;

/// <summary>
/// A process (thread group) as the collector knows it: what <c>proc.*</c>, <c>user.*</c>, <c>thread.*</c> and
/// <c>container.id</c> read. Filled from /proc at start-up and kept current from clone/execve/exit events.
/// </summary>
public sealed class ProcessInfo
{
    public required int Pid { get; init; }

    public int ParentPid { get; set; }

    /// <summary>The pid inside the process's own pid namespace (<c>proc.vpid</c>); equals <see cref="Pid"/> on the host, 0 when unknown.</summary>
    public int Vpid { get; set; }

    /// <summary>The inode of the process's pid namespace (from <c>/proc/PID/ns/pid</c>), 0 when unknown.</summary>
    public ulong PidNamespace { get; set; }

    /// <summary>When the init process of the pid namespace started, ns since the epoch; 0 when unknown.</summary>
    public long PidNsInitStartNs { get; set; }

    /// <summary>Threads other than the leader: thread id → thread id inside the pid namespace (<c>thread.vtid</c>).</summary>
    public Dictionary<int, int> Threads { get; } = [];

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

    /// <summary>The executable's inode number (<c>proc.exe_ino</c>), 0 when unknown.</summary>
    public ulong ExeIno { get; set; }

    /// <summary>The executable's inode change time, ns since the epoch (<c>proc.exe_ino.ctime</c>).</summary>
    public long ExeCtimeNs { get; set; }

    /// <summary>The executable's modification time, ns since the epoch (<c>proc.exe_ino.mtime</c>).</summary>
    public long ExeMtimeNs { get; set; }

    /// <summary>Effective capabilities as Falco renders them (<c>CAP_SYS_ADMIN CAP_NET_RAW …</c>).</summary>
    public string CapEffective { get; set; } = string.Empty;

    public string CapPermitted { get; set; } = string.Empty;

    public string CapInheritable { get; set; } = string.Empty;

    private ulong _capPermittedBits;
    private ulong _capInheritableBits;

    /// <summary>The effective capability bits <see cref="CapEffective"/> was rendered from.</summary>
    public ulong CapEffectiveBits { get; set; }

    public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary>Open file descriptors.</summary>
    public Dictionary<int, FdInfo> Fds { get; } = [];

    /// <summary>
    /// <c>proc.exe_ino.ctime_duration_proc_start</c>: how long before the process started its executable's inode
    /// last changed (a binary written just before it ran); null when either time is unknown.
    /// </summary>
    public long? ExeCtimeToStartNs => ExeCtimeNs != 0 && StartTimeNs != 0 && StartTimeNs != ExeCtimeNs ? StartTimeNs - ExeCtimeNs : null;

    /// <summary><c>proc.exe_ino.ctime_duration_pidns_start</c>: how long after the pid namespace's init started the executable changed.</summary>
    public long? PidNsStartToExeCtimeNs => PidNsInitStartNs != 0 && ExeCtimeNs > PidNsInitStartNs ? ExeCtimeNs - PidNsInitStartNs : null;

    /// <summary>The child a fork makes of this process: same program, ids, terminal, container and fds.</summary>
    public ProcessInfo ForkedAs(int childPid, long startTimeNs)
    {
        var child = new ProcessInfo
        {
            Pid = childPid,
            ParentPid = Pid,
            Name = Name,
            Exe = Exe,
            ExePath = ExePath,
            Args = Args,
            Cwd = Cwd,
            Uid = Uid,
            Gid = Gid,
            LoginUid = LoginUid,
            Tty = Tty,
            Sid = Sid,
            Pgid = Pgid,
            StartTimeNs = startTimeNs,
            ContainerId = ContainerId,
            CapEffective = CapEffective,
            CapEffectiveBits = CapEffectiveBits,
            CapPermitted = CapPermitted,
            CapInheritable = CapInheritable,
            Environment = Environment,
            ExeUpperLayer = ExeUpperLayer,
            ExeFromMemfd = ExeFromMemfd,
            ExeWritable = ExeWritable,
            ExeIno = ExeIno,
            ExeCtimeNs = ExeCtimeNs,
            ExeMtimeNs = ExeMtimeNs,
            PidNamespace = PidNamespace,
            PidNsInitStartNs = PidNsInitStartNs,
            _capPermittedBits = _capPermittedBits,
            _capInheritableBits = _capInheritableBits,
        };
        foreach (var (number, fd) in Fds) child.Fds[number] = fd;
        return child;
    }

    /// <summary>Applies the probe's view of the task inside its pid namespace.</summary>
    public void SetNamespaceView(int vpid, long pidNsInitStartNs, ulong capPermitted, ulong capInheritable)
    {
        Vpid = vpid;
        if (pidNsInitStartNs != 0) PidNsInitStartNs = pidNsInitStartNs;
        // Rendering allocates: only when the bits changed (a fork inherits its parent's).
        if (capPermitted != _capPermittedBits || CapPermitted.Length == 0) CapPermitted = Capabilities.Render(_capPermittedBits = capPermitted);
        if (capInheritable != _capInheritableBits || CapInheritable.Length == 0) CapInheritable = Capabilities.Render(_capInheritableBits = capInheritable);
    }

    /// <summary><c>proc.cmdline</c>: the name followed by the arguments.</summary>
    public string CommandLine => Args.Count == 0 ? Name : Name + " " + string.Join(' ', Args);

    /// <summary><c>proc.exeline</c>: argv[0] followed by the arguments.</summary>
    public string ExeLine => Args.Count == 0 ? Exe : Exe + " " + string.Join(' ', Args);
}
