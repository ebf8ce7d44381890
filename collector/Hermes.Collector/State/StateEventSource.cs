using System.Globalization;
using Hermes.Rules.Fields;
using Hermes.Rules.Rendering;

namespace Hermes.Collector.State;

/// <summary>
/// The rule engine's view of one event: the decoded syscall plus the process, fd, user and container state it
/// happened in, with Falco's semantics for every registered field. One instance is reused for every event;
/// <see cref="Set"/> points it at the next one.
/// </summary>
public sealed class StateEventSource : IEventSource
{
    private readonly ThreadTable _threads;
    private readonly UserTables _users;
    private readonly Func<string, ContainerInfo?> _containers;
    private readonly string _hostname;
    private readonly DomainNames? _names;
    private SyscallEvent _event = new();
    private long _firstTimestampNs;
    private ProcessInfo? _process;
    private FdInfo? _fd;
    private ContainerInfo? _container;

    public StateEventSource(ThreadTable threads, UserTables users, Func<string, ContainerInfo?> containers, string hostname, DomainNames? names = null)
    {
        _names = names;
        _threads = threads;
        _users = users;
        _containers = containers;
        _hostname = hostname;
    }

    /// <summary>Points the source at an event (after the state was updated for it).</summary>
    public void Set(SyscallEvent evt)
    {
        _event = evt ?? throw new ArgumentNullException(nameof(evt));
        if (_firstTimestampNs == 0) _firstTimestampNs = evt.TimestampNs;
        _process = _threads.Get(evt.Pid);
        _fd = _process is not null && evt.Fd >= 0 ? _process.Fds.GetValueOrDefault(evt.Fd)
            : evt.FailedPath is { } failed ? new FdInfo { Number = -1, Type = FdInfo.Kind.File, Name = failed } : null;
        _container = _process?.ContainerId is { } id ? _containers(id) : null;
    }

    public int EventType => _event.Type;

    public bool TryGetString(in FieldRef field, int valueIndex, out ReadOnlySpan<char> value)
    {
        var text = valueIndex == 0 ? StringOf(field) : MultiValue(field, valueIndex);
        value = text;
        return text is not null;
    }

    private string? MultiValue(in FieldRef field, int valueIndex)
    {
        // Ancestors without an index: proc.aname yields every ancestor's name in turn.
        if (field.Index >= 0 || _process is null) return null;
        var ancestor = _threads.Ancestor(_process, valueIndex + 1);
        return field.Id switch
        {
            FieldId.ProcAname => ancestor?.Name,
            FieldId.ProcAexe => ancestor?.Exe,
            FieldId.ProcAexepath => ancestor?.ExePath,
            FieldId.ProcAcmdline => ancestor?.CommandLine,
            _ => null,
        };
    }

    private string? StringOf(in FieldRef field)
    {
        var p = _process;
        switch (field.Id)
        {
            case FieldId.EvtType: return EventTypes.NameOf(_event.Type);
            case FieldId.EvtDir: return "<";
            case FieldId.EvtArg: return field.Index >= 0 ? ArgAt(field.Index) : _event.Arg(field.Key!);
            case FieldId.EvtRawarg: return _event.RawArg(field.Key!) ?? (field.Key == "res" ? _event.Result.ToString(CultureInfo.InvariantCulture) : null);
            case FieldId.EvtArgs: return string.Join(' ', _event.Args.Select(a => $"{a.Name}={a.Value}"));
            case FieldId.EvtInfo: return string.Join(' ', _event.Args.Select(a => $"{a.Name}={a.Value}"));
            case FieldId.EvtRes: return Errno.Render(_event.Result);
            case FieldId.EvtHostname: return _hostname;
            case FieldId.EvtSource: return "syscall";
            case FieldId.EvtCategory: return EventCategories.Of(_event.Type, _fd);
            case FieldId.ProcName: return p?.Name;
            case FieldId.ProcExe: return p?.Exe;
            case FieldId.ProcExepath: return p?.ExePath;
            case FieldId.ProcArgs: return p is null ? null : string.Join(' ', p.Args);
            case FieldId.ProcCmdline: return p?.CommandLine;
            case FieldId.ProcExeline: return p?.ExeLine;
            case FieldId.ProcCwd: return p?.Cwd;
            case FieldId.ProcEnv:
                if (p is null) return null;
                return field.Key is null ? string.Join(' ', p.Environment.Select(e => $"{e.Key}={e.Value}")) : p.Environment.GetValueOrDefault(field.Key);
            case FieldId.ProcPname: return Parent()?.Name;
            case FieldId.ProcPcmdline: return Parent()?.CommandLine;
            case FieldId.ProcPexe: return Parent()?.Exe;
            case FieldId.ProcPexepath: return Parent()?.ExePath;
            case FieldId.ProcAname: return AncestorAt(field)?.Name;
            case FieldId.ProcAexe: return AncestorAt(field)?.Exe;
            case FieldId.ProcAexepath: return AncestorAt(field)?.ExePath;
            case FieldId.ProcAcmdline: return AncestorAt(field)?.CommandLine;
            case FieldId.ProcSname: return p is null ? null : _threads.Get(p.Sid)?.Name;
            case FieldId.ProcVpgidName: return p is null ? null : _threads.Get(p.Pgid)?.Name;
            case FieldId.ProcVpgidExe: return p is null ? null : _threads.Get(p.Pgid)?.Exe;
            case FieldId.ProcVpgidExepath: return p is null ? null : _threads.Get(p.Pgid)?.ExePath;
            case FieldId.ThreadCapEffective: return p?.CapEffective;
            case FieldId.ThreadCapPermitted: return p?.CapPermitted;
            case FieldId.ThreadCapInheritable: return p?.CapInheritable;
            case FieldId.ProcStdinType: return StandardFd(0)?.TypeName;
            case FieldId.ProcStdoutType: return StandardFd(1)?.TypeName;
            case FieldId.ProcStderrType: return StandardFd(2)?.TypeName;
            case FieldId.ProcStdinName: return StandardFd(0)?.Name;
            case FieldId.ProcStdoutName: return StandardFd(1)?.Name;
            case FieldId.ProcStderrName: return StandardFd(2)?.Name;
            case FieldId.FdType: return _fd?.TypeName;
            case FieldId.FdTypechar: return _fd?.TypeChar;
            case FieldId.FdName: return _fd?.Name;
            case FieldId.FdNameraw: return _event.RawPath ?? _fd?.Name;
            case FieldId.FdDirectory: return _fd?.Directory;
            case FieldId.FdFilename: return _fd?.FileName;
            case FieldId.FdL4proto: return _fd?.L4Protocol;
            case FieldId.FdSockfamily: return _fd is null ? null : _fd.IsSocket ? "ip" : _fd.Type == FdInfo.Kind.Unix ? "unix" : null;
            case FieldId.FdTypes: return field.Index <= 0 ? _fd?.TypeName : null;
            case FieldId.FdUid: return p is null || _event.Fd < 0 ? null : _event.Tid.ToString(CultureInfo.InvariantCulture) + _event.Fd.ToString(CultureInfo.InvariantCulture);
            case FieldId.FdCipName: return AddressName(_fd?.ClientIp);
            case FieldId.FdSipName: return AddressName(_fd?.ServerIp);
            case FieldId.FdLipName: return AddressName(_fd is { IsServer: true } ? _fd.ServerIp : _fd?.ClientIp);
            case FieldId.FdRipName: return AddressName(_fd is { IsServer: true } ? _fd.ClientIp : _fd?.ServerIp);
            case FieldId.FdContainername: return _fd is null ? null : ContainerIds.Short(p?.ContainerId) + ":" + _fd.Name;
            case FieldId.FdContainerdirectory: return _fd?.Directory is { } dir ? ContainerIds.Short(p?.ContainerId) + ":" + dir : null;
            case FieldId.UserName: return p is null ? null : _users.For(p).UserName(p.Uid) ?? (p.ContainerId is null ? null : p.Uid.ToString(CultureInfo.InvariantCulture));
            case FieldId.UserHomedir: return p is null ? null : _users.For(p).HomeDirectory(p.Uid);
            case FieldId.UserShell: return p is null ? null : _users.For(p).Shell(p.Uid);
            case FieldId.UserLoginname: return p is null || p.LoginUid < 0 ? null : _users.For(p).UserName(p.LoginUid);
            case FieldId.GroupName: return p is null ? null : _users.For(p).GroupName(p.Gid);
            case FieldId.ContainerId: return p is null ? null : ContainerIds.Short(p.ContainerId);
            case FieldId.ContainerFullId: return p is null ? null : p.ContainerId ?? "host";
            case FieldId.ContainerName: return p?.ContainerId is null ? (p is null ? null : "host") : _container?.Name;
            case FieldId.ContainerImage: return _container?.Image;
            case FieldId.ContainerImageId: return _container?.ImageId;
            case FieldId.ContainerImageRepository: return _container?.ImageRepository;
            case FieldId.ContainerImageTag: return _container?.ImageTag;
            case FieldId.ContainerImageDigest: return _container?.ImageDigest;
            case FieldId.ContainerType: return _container?.Runtime;
            case FieldId.ContainerLabel: return field.Key is null ? null : _container?.Labels.GetValueOrDefault(field.Key);
            case FieldId.ContainerLabels: return _container is null ? null : string.Join(',', _container.Labels.Select(l => $"{l.Key}:{l.Value}"));
            case FieldId.ContainerMounts: return _container is null ? null : string.Join(',', _container.Mounts.Select(m => m.Text));
            case FieldId.ContainerMount: return Mount(field.Key)?.Text;
            case FieldId.ContainerMountDest: return Mount(field.Key)?.Destination;
            case FieldId.ContainerMountSource: return Mount(field.Key)?.Source;
            case FieldId.ContainerMountMode: return Mount(field.Key)?.Mode;
            case FieldId.ContainerMountRdwr: return Mount(field.Key) is { } mount ? mount.ReadWrite ? "true" : "false" : null;
            case FieldId.ContainerMountPropagation: return Mount(field.Key)?.Propagation;
            case FieldId.ContainerHealthcheck: return _container?.Healthcheck;
            case FieldId.K8sNsName: return _container?.PodNamespace;
            case FieldId.K8sPodName: return _container?.PodName;
            case FieldId.K8sPodUid or FieldId.K8sPodId: return _container?.PodUid;
            case FieldId.K8sPodLabel: return field.Key is null ? null : _container?.PodLabels.GetValueOrDefault(field.Key);
            case FieldId.K8sPodLabels: return _container is null ? null : string.Join(',', _container.PodLabels.Select(l => $"{l.Key}:{l.Value}"));
            case FieldId.K8sPodSandboxId: return _container?.PodSandboxId is { } sandbox ? sandbox.Length > 12 ? sandbox[..12] : sandbox : null;
            case FieldId.K8sPodFullSandboxId: return _container?.PodSandboxId;
            case FieldId.K8sPodCniJson: return _container?.PodUid is null ? null : _container.PodCniJson;
            default: return null;
        }
    }

    private FdInfo? StandardFd(int number) => _process?.Fds.GetValueOrDefault(number);

    private string? AddressName(IpAddressValue? address) => _fd is { IsSocket: true } && address is { } ip ? _names?.NameOf(ip) : null;

    // Falco's proc.loginshellid: the pid of the oldest ancestor (or the process itself) whose name ends in "sh".
    private long? LoginShellId()
    {
        long? shell = null;
        for (var (current, level) = (_process, 0); current is not null && level < 64; current = _threads.Ancestor(current, 1), level++)
            if (current.Name.EndsWith("sh", StringComparison.Ordinal)) shell = current.Pid;
        return shell;
    }

    private string? ArgAt(int index) => index < _event.Args.Count ? _event.Args[index].Value : null;

    private ContainerMount? Mount(string? key)
    {
        if (_container is null || key is null) return null;
        if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return index < _container.Mounts.Count ? _container.Mounts[index] : null;
        return _container.Mounts.FirstOrDefault(m => Hermes.Rules.Compilation.Glob.IsMatch(key, m.Destination, false) || Hermes.Rules.Compilation.Glob.IsMatch(key, m.Source, false));
    }

    private ProcessInfo? Parent() => _process is null ? null : _threads.Ancestor(_process, 1);

    private ProcessInfo? AncestorAt(in FieldRef field) =>
        _process is null ? null : field.Index < 0 ? _threads.Ancestor(_process, 1) : field.Index == 0 ? _process : _threads.Ancestor(_process, field.Index);

    public bool TryGetNumber(in FieldRef field, int valueIndex, out long value)
    {
        value = 0;
        var p = _process;
        if (valueIndex > 0)
        {
            if (field.Id != FieldId.ProcApid || field.Index >= 0 || p is null) return false;
            var ancestor = _threads.Ancestor(p, valueIndex + 1);
            value = ancestor?.Pid ?? 0;
            return ancestor is not null;
        }
        long? result = field.Id switch
        {
            FieldId.EvtNum => _event.Number,
            FieldId.EvtRawtime => _event.TimestampNs,
            FieldId.EvtRawtimeS => _event.TimestampNs / 1_000_000_000,
            FieldId.EvtRawtimeNs => _event.TimestampNs % 1_000_000_000,
            FieldId.EvtCpu => _event.Cpu,
            FieldId.EvtRawres => _event.Result,
            FieldId.EvtFailed => _event.Result < 0 ? 1 : 0,
            FieldId.EvtIsOpenRead => IsOpen() ? (OpenFlags.IsRead(_event.OpenFlags) ? 1 : 0) : null,
            FieldId.EvtIsOpenWrite => IsOpen() ? (OpenFlags.IsWrite(_event.OpenFlags) ? 1 : 0) : null,
            FieldId.EvtIsOpenCreate => IsOpen() ? ((_event.OpenFlags & OpenFlags.Create) != 0 ? 1 : 0) : null,
            FieldId.EvtCount => 1,
            FieldId.ProcPid => p?.Pid,
            FieldId.ProcPpid => p?.ParentPid,
            FieldId.ProcApid => AncestorAt(field)?.Pid,
            FieldId.ProcTty => p?.Tty,
            FieldId.ProcSid => p?.Sid,
            FieldId.ProcVpgid => p?.Pgid,
            FieldId.ProcIsVpgidLeader => p is null ? null : p.Pgid == p.Pid ? 1 : 0,
            FieldId.ProcIsSidLeader => p is null ? null : p.Sid == p.Pid ? 1 : 0,
            FieldId.ProcIsExeUpperLayer => p is null ? null : p.ExeUpperLayer ? 1 : 0,
            FieldId.ProcIsExeFromMemfd => p is null ? null : p.ExeFromMemfd ? 1 : 0,
            FieldId.ProcIsExeWritable => p is null ? null : p.ExeWritable ? 1 : 0,
            FieldId.ProcPidTs => p?.StartTimeNs,
            FieldId.ProcDuration => p is null ? null : _event.TimestampNs - p.StartTimeNs,
            FieldId.ProcPpidDuration => Parent() is { } parent ? _event.TimestampNs - parent.StartTimeNs : null,
            FieldId.ProcPpidTs => Parent()?.StartTimeNs,
            FieldId.ProcNthreads => p is null ? null : 1 + p.Threads.Count,
            FieldId.ProcVpid => p is { Vpid: > 0 } ? p.Vpid : null,
            FieldId.ProcPvpid => Parent() is { Vpid: > 0 } parent ? parent.Vpid : null,
            FieldId.ThreadVtid => p is null ? null : _event.Tid == _event.Pid ? (p.Vpid > 0 ? p.Vpid : null) : p.Threads.TryGetValue(_event.Tid, out var vtid) && vtid > 0 ? vtid : null,
            FieldId.ProcLoginshellid => LoginShellId(),
            FieldId.ProcExeIno => p is { ExeIno: > 0 } ? (long)p.ExeIno : null,
            FieldId.ProcExeInoCtime => p is { ExeCtimeNs: not 0 } ? p.ExeCtimeNs : null,
            FieldId.ProcExeInoMtime => p is { ExeMtimeNs: not 0 } ? p.ExeMtimeNs : null,
            FieldId.ProcExeInoCtimeDurationProcStart => p?.ExeCtimeToStartNs,
            FieldId.ProcExeInoCtimeDurationPidnsStart => p?.PidNsStartToExeCtimeNs,
            FieldId.ProcPidnsInitStartTs => p is { PidNsInitStartNs: not 0 } ? p.PidNsInitStartNs : null,
            FieldId.EvtReltime => _event.TimestampNs - _firstTimestampNs,
            FieldId.EvtIsIo => EventCategories.IsWrite(_event.Type) ? 1 : 0,
            FieldId.EvtIsIoRead => 0, // no captured syscall reads data (read/recv* are not captured)
            FieldId.EvtIsIoWrite => EventCategories.IsWrite(_event.Type) ? 1 : 0,
            FieldId.EvtIsOpenExec => IsOpen() ? (IsCreatedExecutable() ? 1 : 0) : null,
            FieldId.FdDev => FileIdentity()?.Device,
            FieldId.FdIno => FileIdentity() is { } identity ? (long)identity.Inode : null,
            FieldId.ThreadTid => _event.Tid,
            FieldId.ThreadIsmain => _event.Tid == _event.Pid ? 1 : 0,
            FieldId.FdNum => _event.Fd >= 0 ? _event.Fd : _event.FailedPath is not null ? -1 : null,
            FieldId.FdCport => _fd is { IsSocket: true } ? _fd.ClientPort : null,
            FieldId.FdSport => _fd is { IsSocket: true } ? _fd.ServerPort : null,
            FieldId.FdLport => _fd is { IsSocket: true } ? (_fd.IsServer ? _fd.ServerPort : _fd.ClientPort) : null,
            FieldId.FdRport => _fd is { IsSocket: true } ? (_fd.IsServer ? _fd.ClientPort : _fd.ServerPort) : null,
            FieldId.FdPort => _fd is { IsSocket: true } ? _fd.ServerPort : null,
            FieldId.FdIsServer => _fd is { IsSocket: true } ? (_fd.IsServer ? 1 : 0) : null,
            FieldId.FdConnected => _fd is { IsSocket: true } ? (_fd.Connected ? 1 : 0) : null,
            FieldId.FdNameChanged => _event.Type == ConnectType ? 1 : 0,
            FieldId.UserUid => p?.Uid,
            FieldId.UserLoginuid => p?.LoginUid,
            FieldId.GroupGid => p?.Gid,
            FieldId.ContainerPrivileged => _container is null ? null : _container.Privileged ? 1 : 0,
            FieldId.ContainerStartTs => _container?.StartTimeNs,
            FieldId.ContainerDuration => _container is null ? null : _event.TimestampNs - _container.StartTimeNs,
            _ => null,
        };
        value = result ?? 0;
        return result is not null;
    }

    private static readonly int[] OpenTypes = new[] { "open", "openat", "openat2", "creat" }.Select(EventTypes.CodeOf).ToArray();
    private static readonly int ConnectType = EventTypes.CodeOf("connect");

    private bool IsOpen() => Array.IndexOf(OpenTypes, _event.Type) >= 0;

    // A file created (O_CREAT or O_TMPFILE; creat always creates) with any execute bit in its mode.
    private bool IsCreatedExecutable()
    {
        const long TmpFile = 0x400000, AnyExecute = 0b001_001_001;
        var creates = _event.Type == CreatType || (_event.OpenFlags & (OpenFlags.Create | TmpFile)) != 0;
        return creates && (_event.OpenMode & AnyExecute) != 0;
    }

    private static readonly int CreatType = EventTypes.CodeOf("creat");

    // fd.dev / fd.ino: the open file itself through /proc/PID/fd/N (the path may have been renamed or removed since),
    // asked only when a rule needs it and remembered on the fd.
    private (long Device, ulong Inode)? FileIdentity()
    {
        if (_fd is not { Type: FdInfo.Kind.File or FdInfo.Kind.Directory or FdInfo.Kind.Memfd } fd || _event.Fd < 0) return null;
        if (fd.Identity is null && FileStatus.Of($"{_threads.ProcRoot}/{_event.Pid}/fd/{_event.Fd}") is { } status)
            fd.Identity = (status.Device, status.Inode);
        return fd.Identity;
    }

    public bool TryGetAddress(in FieldRef field, int valueIndex, out IpAddressValue value)
    {
        value = default;
        if (field.Id is FieldId.ContainerIp or FieldId.K8sPodIp)
        {
            // k8s.pod.ip only in a pod (Falco: when the pod uid is known); both are the pod's address under CRI.
            var ip = valueIndex > 0 || (field.Id == FieldId.K8sPodIp && _container?.PodUid is null) ? null : _container?.Ip;
            value = ip ?? default;
            return ip is not null;
        }
        if (_fd is not { IsSocket: true } fd) return false;
        if (valueIndex > 0)
        {
            // Either-end fields (fd.ip, fd.net) also yield the client's address.
            if (valueIndex > 1 || field.Id is not (FieldId.FdIp or FieldId.FdNet) || fd.ClientIp is not { } client) return false;
            value = client;
            return true;
        }
        var local = fd.IsServer ? fd.ServerIp : fd.ClientIp;
        var remote = fd.IsServer ? fd.ClientIp : fd.ServerIp;
        IpAddressValue? address = field.Id switch
        {
            FieldId.FdIp or FieldId.FdNet => fd.ServerIp,
            FieldId.FdCip or FieldId.FdCnet => fd.ClientIp,
            FieldId.FdSip or FieldId.FdSnet => fd.ServerIp,
            FieldId.FdLip or FieldId.FdLnet => local,
            FieldId.FdRip or FieldId.FdRnet => remote,
            _ => null,
        };
        value = address ?? default;
        return address is not null;
    }
}
