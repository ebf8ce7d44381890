using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Hermes.Collector.Probe;
using Hermes.Collector.State;
using Hermes.Rules.Fields;
using Hermes.Rules.Rendering;

namespace Hermes.Collector.Capture;

/// <summary>
/// Turns the probe's raw records into <see cref="SyscallEvent"/>s and keeps the state current: processes are
/// created from the kernel's view (pid, parent, comm, uids, cgroup) the first time they are seen, execve replaces
/// the program, fds are opened, connected, duplicated and closed, exits remove processes. Arguments are rendered
/// the way Falco renders them (flag names, errno names, PTRACE_* requests, AF_* domains).
/// </summary>
public sealed class EventDecoder(ThreadTable threads, long bootEpochNs, string procRoot = "/proc")
{
    private static readonly int CloseType = EventTypes.CodeOf("close");
    private static readonly int ProcExitType = EventTypes.CodeOf("procexit");
    private readonly StringPool _paths = new(65_536);
    private long _number;

    /// <summary>Records that could not be decoded.</summary>
    public long Errors { get; private set; }

    /// <summary>Decodes a record into <paramref name="evt"/> and applies its state changes; false for records to skip.</summary>
    public bool Decode(EventRecord record, SyscallEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var name = Syscalls.NameOf(record.Syscall);
        if (name is null)
        {
            Errors++;
            return false;
        }
        evt.Clear();
        evt.Type = Syscalls.EventTypeOf(record.Syscall);
        evt.Number = ++_number;
        evt.TimestampNs = bootEpochNs + (long)record.BootTimeNs;
        evt.Pid = record.Pid;
        evt.Tid = record.Tid;
        evt.Result = record.Result;
        if (record.Result == 0 && name is ("clone" or "clone3" or "fork" or "vfork")) StartTask(record, evt);
        var process = Process(record);
        switch (name)
        {
            case "open" or "openat" or "openat2" or "creat":
                DecodeOpen(name, record, evt, process);
                break;
            case "execve" or "execveat":
                DecodeExec(record, evt, process);
                break;
            case "connect" or "bind" or "sendto" or "sendmsg":
                DecodeSocketAddress(name, record, evt, process);
                break;
            case "socket":
                DecodeSocket(record, evt, process);
                break;
            case "accept" or "accept4":
                DecodeAccept(record, evt, process);
                break;
            case "dup" or "dup2" or "dup3":
                evt.Fd = (int)record.Arg(0);
                if (record.Result >= 0 && process.Fds.TryGetValue(evt.Fd, out var duplicated))
                    process.Fds[(int)record.Result] = duplicated;
                break;
            case "close":
                evt.Fd = (int)record.Arg(0);
                break;
            case "pipe" or "pipe2":
                if (record.Result == 0 && record.Parameter(0) is { Length: 8 } pair)
                    foreach (var end in new[] { BinaryPrimitives.ReadInt32LittleEndian(pair), BinaryPrimitives.ReadInt32LittleEndian(pair[4..]) })
                        process.Fds[end] = new FdInfo { Number = end, Type = FdInfo.Kind.Pipe, Name = string.Empty };
                break;
            case "fcntl":
                // F_DUPFD and F_DUPFD_CLOEXEC are dups too: the new descriptor refers to the same thing.
                const long DupFd = 0, DupFdCloexec = 1030;
                evt.Fd = (int)record.Arg(0);
                if (record.Result >= 0 && record.Arg(1) is (DupFd or DupFdCloexec) && process.Fds.TryGetValue(evt.Fd, out var copied))
                    process.Fds[(int)record.Result] = copied;
                break;
            case "fchdir":
                evt.Fd = (int)record.Arg(0);
                if (record.Result == 0 && process.Fds.TryGetValue(evt.Fd, out var directory)) process.Cwd = directory.Name.TrimEnd('/') + "/";
                break;
            case "setuid" or "setgid" or "setreuid" or "setregid" or "setresuid" or "setresgid":
                DecodeIds(name, record, evt);
                break;
            case "link" or "linkat":
                evt.Args.Add(("oldpath", record.Text(0)));
                evt.Args.Add(("newpath", record.Text(1)));
                break;
            case "symlink" or "symlinkat":
                evt.Args.Add(("target", record.Text(0)));
                evt.Args.Add(("linkpath", record.Text(1)));
                break;
            case "rename" or "renameat" or "renameat2":
                evt.Args.Add(("oldpath", record.Text(0)));
                evt.Args.Add(("newpath", record.Text(1)));
                break;
            case "unlink" or "unlinkat" or "mkdir" or "mkdirat" or "rmdir" or "chmod" or "fchmodat" or "chdir":
                evt.Args.Add(("path", record.Text(0)));
                if (name == "chdir" && record.Result == 0) process.Cwd = Absolute(record.Text(0), process.Cwd) + "/";
                break;
            case "ptrace":
                evt.Args.Add(("request", PtraceRequest(record.Arg(0))));
                evt.Args.Add(("pid", record.Arg(1).ToString(CultureInfo.InvariantCulture)));
                break;
            case "memfd_create":
                evt.Args.Add(("name", record.Text(0)));
                if (record.Result >= 0)
                    process.Fds[(int)record.Result] = new FdInfo { Number = (int)record.Result, Type = FdInfo.Kind.Memfd, Name = "memfd:" + record.Text(0) };
                break;
            case "prctl":
                DecodePrctl(record, evt);
                break;
            case "clone" or "clone3" or "fork" or "vfork" when record.Tid == record.Pid:
                // A program may rename itself (prctl PR_SET_NAME: runc's "runc:[1:CHILD]"); like Falco, the name is
                // refreshed from the kernel's comm when the process forks, which is when its children inherit it.
                RefreshName(process, record.Comm);
                if (record.Result > 0 && !CreatesThread(name, record)) threads.OnForkReturned(record.Pid, (int)record.Result, evt.TimestampNs);
                break;
        }
        return true;
    }

    // The child's side of clone/fork: its own first event, naming it by its pid in every namespace. (The parent's
    // return value is the child's pid in the parent's pid namespace, which is not the host's inside a container.)
    private void StartTask(EventRecord record, SyscallEvent evt)
    {
        var info = TaskInfo.From(record.Parameter(0));
        if (record.Tid != record.Pid)
        {
            threads.OnThreadStart(record.Pid, record.Tid, info?.Vtid ?? 0);
            return;
        }
        var child = threads.OnChildStarted(record.ParentPid, record.Pid, info?.Vpid ?? record.Pid, evt.TimestampNs);
        if (info is { } task) child.SetNamespaceView(task.Vpid, ToEpoch(task.PidNsInitStartBootNs), task.CapPermitted, task.CapInheritable);
    }

    // CLONE_THREAD is in clone's first argument, and in the flags of clone3's struct (which the probe copies).
    private static bool CreatesThread(string name, EventRecord record)
    {
        const long CloneThread = 0x10000;
        var flags = name switch
        {
            "clone" => record.Arg(0),
            "clone3" when record.Parameter(0) is { Length: 8 } cloneArgs => BinaryPrimitives.ReadInt64LittleEndian(cloneArgs),
            _ => 0,
        };
        return (flags & CloneThread) != 0;
    }

    private static void RefreshName(ProcessInfo process, ReadOnlySpan<byte> comm)
    {
        Span<char> name = stackalloc char[32];
        var length = Encoding.UTF8.GetChars(comm, name);
        if (!name[..length].SequenceEqual(process.Name)) process.Name = new string(name[..length]);
    }

    private long ToEpoch(ulong bootNs) => bootNs == 0 ? 0 : bootEpochNs + (long)bootNs;

    // Falco's prctl parameters: option by name, arg2_str for the name options, arg2_int otherwise.
    private static void DecodePrctl(EventRecord record, SyscallEvent evt)
    {
        var option = record.Arg(0);
        evt.Args.Add(("option", PrctlOptions.Render(option)));
        const long SetName = 15, GetName = 16, GetChildSubreaper = 37;
        evt.Args.Add(("arg2_str", option is SetName or GetName ? record.Text(0) : string.Empty));
        var arg2 = option == GetChildSubreaper && record.Parameter(0) is { Length: 4 } written
            ? BinaryPrimitives.ReadInt32LittleEndian(written) : record.Arg(1);
        evt.Args.Add(("arg2_int", option is SetName or GetName ? "0" : arg2.ToString(CultureInfo.InvariantCulture)));
    }

    // Falco's parameter names; the ids are 32-bit and -1 means "unchanged" for the re/res variants.
    private static void DecodeIds(string name, EventRecord record, SyscallEvent evt)
    {
        var kind = name.EndsWith("uid", StringComparison.Ordinal) ? "uid" : "gid";
        string[] names = name.Length switch
        {
            6 => [kind],                                   // setuid, setgid
            8 => ["r" + kind, "e" + kind],                 // setreuid, setregid
            _ => ["r" + kind, "e" + kind, "s" + kind],     // setresuid, setresgid
        };
        for (var i = 0; i < names.Length; i++)
            evt.Args.Add((names[i], ((int)record.Arg(i)).ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>State changes that must come after the rules saw the event (the closed fd, the exited process).</summary>
    public void Complete(SyscallEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (evt.Type == CloseType && evt.Result == 0) threads.Get(evt.Pid)?.Fds.Remove(evt.Fd);
        else if (evt.Type == ProcExitType && evt.Tid != evt.Pid) threads.OnThreadExit(evt.Pid, evt.Tid);
        else if (evt.Type == ProcExitType) threads.OnExit(evt.Pid);
    }

    // A process seen for the first time (started before the collector, or created by a clone we did not see).
    private ProcessInfo Process(EventRecord record)
    {
        var process = threads.Get(record.Pid);
        if (process is null)
        {
            process = ProcReader.Read(procRoot, record.Pid, bootEpochNs) ?? new ProcessInfo { Pid = record.Pid };
            threads.Add(process);
        }
        process.ParentPid = record.ParentPid;
        process.Uid = record.Uid;
        process.Gid = record.Gid;
        process.LoginUid = record.LoginUid == uint.MaxValue ? -1 : record.LoginUid;
        if (record.Syscall is 59 or 322) process.Tty = record.Tty; // the probe reads the terminal on exec only
        // Rendering capabilities and reading the cgroup name cost allocations: only when they changed.
        if (process.CapEffectiveBits != record.CapEffective || process.CapEffective.Length == 0)
        {
            process.CapEffectiveBits = record.CapEffective;
            process.CapEffective = Capabilities.Render(record.CapEffective);
        }
        if (process.Name.Length == 0) process.Name = Encoding.UTF8.GetString(record.Comm);
        return process;
    }

    // struct open_how starts with the u64 flags (little-endian on the architectures the probe is built for).
    private static long OpenHowFlags(ReadOnlySpan<byte> openHow) =>
        openHow.Length >= 8 ? (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(openHow) : 0;

    private static long OpenHowMode(ReadOnlySpan<byte> openHow) =>
        openHow.Length >= 16 ? (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(openHow[8..]) : 0;

    private void DecodeOpen(string name, EventRecord record, SyscallEvent evt, ProcessInfo process)
    {
        var path = _paths.Get(record.Parameter(0));
        long flags = name switch
        {
            "open" => record.Arg(1),
            "openat" => record.Arg(2),
            "creat" => OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Truncate,
            _ => OpenHowFlags(record.Parameter(1)), // openat2: the struct open_how the probe copied
        };
        evt.OpenFlags = flags;
        evt.OpenMode = name switch
        {
            "open" => record.Arg(2),
            "openat" => record.Arg(3),
            "creat" => record.Arg(1),
            _ => OpenHowMode(record.Parameter(1)),
        };
        evt.RawPath = path;
        evt.Args.Add(("flags", OpenFlags.Render(flags)));
        evt.Args.Add(("name", path));
        var fullPath = path.StartsWith('/') && !path.Contains("/.", StringComparison.Ordinal) && !path.Contains("//", StringComparison.Ordinal)
            ? path : Absolute(path, process.Cwd);
        if (record.Result >= 0)
        {
            evt.Fd = (int)record.Result;
            var kind = (flags & 0x10000) != 0 ? FdInfo.Kind.Directory : FdInfo.Kind.File;
            process.Fds[evt.Fd] = new FdInfo { Number = evt.Fd, Type = kind, Name = fullPath };
        }
        else
        {
            // A failed open still describes the file it tried (Falco: fd.num=-1, fd.name the path).
            evt.Fd = int.MinValue;
            evt.FailedPath = fullPath;
        }
    }

    private void DecodeExec(EventRecord record, SyscallEvent evt, ProcessInfo process)
    {
        var filename = record.Text(0);
        evt.Args.Add(("filename", filename));
        if (record.Result != 0) return;
        var argv = record.Text(1).TrimEnd('\0').Split('\0');
        // The kernel names a memfd's dentry "memfd:<name>": that is fileless execution, whatever path was used to exec it.
        var exeDentry = record.Text(2);
        var exePath = ReadLink($"{procRoot}/{record.Pid}/exe") ?? Absolute(filename, process.Cwd);
        var fromMemfd = exeDentry.StartsWith("memfd:", StringComparison.Ordinal) || exePath.StartsWith("/memfd:", StringComparison.Ordinal);
        if (fromMemfd && !exePath.StartsWith("/memfd:", StringComparison.Ordinal)) exePath = "/" + exeDentry;
        if (exePath.EndsWith(" (deleted)", StringComparison.Ordinal)) exePath = exePath[..^10];
        var exeFlags = record.Parameter(3);
        const byte UpperLayerBit = 1, WritableBit = 2; // probe.h HERMES_EXE_*
        var upperLayer = exeFlags.Length == 1 && (exeFlags[0] & UpperLayerBit) != 0;
        // The memory cgroup's leaf name, read by the probe on exec: a process started in a container carries its id.
        if (record.Text(4) is { Length: > 0 } cgroup) process.ContainerId = ContainerIds.FromCgroupPath("/" + cgroup);
        var inode = ExeInfo.From(record.Parameter(5));
        threads.OnExec(record.Pid, new ExecutedProgram(Encoding.UTF8.GetString(record.Comm), argv.Length > 0 ? argv[0] : filename, exePath,
            argv.Length > 1 ? argv[1..] : [], ReadLink($"{procRoot}/{record.Pid}/cwd") is { } cwd ? cwd.TrimEnd('/') + "/" : null)
        {
            UpperLayer = upperLayer,
            FromMemfd = fromMemfd,
            Writable = exeFlags.Length == 1 && (exeFlags[0] & WritableBit) != 0,
            Inode = inode?.Inode ?? 0,
            ChangeTimeNs = inode?.ChangeTimeNs ?? 0,
            ModifyTimeNs = inode?.ModifyTimeNs ?? 0,
        });
        if (TaskInfo.From(record.Parameter(6)) is { } task)
            process.SetNamespaceView(task.Vpid, ToEpoch(task.PidNsInitStartBootNs), task.CapPermitted, task.CapInheritable);
        evt.Args.Add(("flags", (upperLayer, fromMemfd) switch
        {
            (true, _) => "EXE_UPPER_LAYER",
            (_, true) => "EXE_FROM_MEMFD",
            _ => "0",
        }));
        evt.Args.Add(("exe", argv.Length > 0 ? argv[0] : filename));
        evt.Args.Add(("args", argv.Length > 1 ? string.Join(' ', argv[1..]) : string.Empty));
    }

    private static void DecodeSocket(EventRecord record, SyscallEvent evt, ProcessInfo process)
    {
        var domain = (int)record.Arg(0);
        var type = (int)record.Arg(1) & 0xf;
        evt.Args.Add(("domain", Domain(domain)));
        evt.Args.Add(("type", type.ToString(CultureInfo.InvariantCulture)));
        if (record.Result < 0) return;
        evt.Fd = (int)record.Result;
        var kind = domain switch { 2 => FdInfo.Kind.Ipv4, 10 => FdInfo.Kind.Ipv6, 1 => FdInfo.Kind.Unix, 16 => FdInfo.Kind.Netlink, _ => FdInfo.Kind.Other };
        process.Fds[evt.Fd] = new FdInfo { Number = evt.Fd, Type = kind, Name = string.Empty, L4Protocol = type switch { 1 => "tcp", 2 => "udp", 3 => "raw", _ => null } };
    }

    private static void DecodeSocketAddress(string name, EventRecord record, SyscallEvent evt, ProcessInfo process)
    {
        evt.Fd = (int)record.Arg(0);
        var address = record.Parameter(0);
        if (address.Length < 2) return;
        var family = BinaryPrimitives.ReadUInt16LittleEndian(address);
        process.Fds.TryGetValue(evt.Fd, out var socket);
        if (family == 1)
        {
            var path = Encoding.UTF8.GetString(address[2..].TrimEnd((byte)0));
            process.Fds[evt.Fd] = new FdInfo { Number = evt.Fd, Type = FdInfo.Kind.Unix, Name = path };
            return;
        }
        var (ip, port) = Address(address);
        if (ip is null) return;
        var bound = name == "bind";
        var kind = ip.Value.IsV6 ? FdInfo.Kind.Ipv6 : FdInfo.Kind.Ipv4;
        var text = bound ? $"{ip}:{port}" : $"0.0.0.0:0->{ip}:{port}";
        process.Fds[evt.Fd] = new FdInfo
        {
            Number = evt.Fd,
            Type = kind,
            Name = text,
            ServerIp = ip,
            ServerPort = port,
            IsServer = bound,
            L4Protocol = socket?.L4Protocol ?? (name == "sendto" ? "udp" : "tcp"),
            Connected = name == "connect" && (record.Result == 0 || record.Result == -115),
        };
        evt.Args.Add(("addr", $"{ip}:{port}"));
    }

    // The accepted connection: the listening socket's local address (from its bind) is the server side, the peer
    // address the kernel returned is the client side, as Falco's tuple "cip:cport->sip:sport".
    private static void DecodeAccept(EventRecord record, SyscallEvent evt, ProcessInfo process)
    {
        var listening = (int)record.Arg(0);
        if (record.Result < 0) return;
        evt.Fd = (int)record.Result;
        process.Fds.TryGetValue(listening, out var server);
        var (peer, peerPort) = Address(record.Parameter(0));
        var serverIp = server?.ServerIp;
        var serverPort = server?.ServerPort ?? 0;
        var v6 = peer?.IsV6 ?? serverIp?.IsV6 ?? false;
        var tuple = $"{peer?.ToString() ?? (v6 ? "::" : "0.0.0.0")}:{peerPort}->{serverIp?.ToString() ?? (v6 ? "::" : "0.0.0.0")}:{serverPort}";
        process.Fds[evt.Fd] = new FdInfo
        {
            Number = evt.Fd,
            Type = v6 ? FdInfo.Kind.Ipv6 : FdInfo.Kind.Ipv4,
            Name = tuple,
            ClientIp = peer,
            ClientPort = peerPort,
            ServerIp = serverIp,
            ServerPort = serverPort,
            IsServer = true,
            L4Protocol = server?.L4Protocol ?? "tcp",
            Connected = true,
        };
        evt.Args.Add(("tuple", tuple));
        evt.Args.Add(("fd", evt.Fd.ToString(CultureInfo.InvariantCulture)));
    }

    private static (IpAddressValue? Ip, int Port) Address(ReadOnlySpan<byte> address)
    {
        if (address.Length < 8) return (null, 0);
        var family = BinaryPrimitives.ReadUInt16LittleEndian(address);
        var port = BinaryPrimitives.ReadUInt16BigEndian(address[2..]);
        return family switch
        {
            2 => (IpAddressValue.FromV4Bytes(address.Slice(4, 4)), port),
            10 when address.Length >= 24 => (IpAddressValue.FromV6Bytes(address.Slice(8, 16)), port),
            _ => (null, 0),
        };
    }

    private static string Absolute(string path, string cwd)
    {
        if (path.StartsWith('/')) return Normalize(path);
        var baseDir = string.IsNullOrEmpty(cwd) ? "/" : cwd;
        return Normalize(baseDir.TrimEnd('/') + "/" + path);
    }

    // Falco's fd.name resolves "." and ".." (fd.nameraw keeps what was passed).
    private static string Normalize(string path)
    {
        if (!path.Contains("/.", StringComparison.Ordinal) && !path.Contains("//", StringComparison.Ordinal)) return path;
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    private static string? ReadLink(string path)
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

    private static string Domain(int domain) => domain switch
    {
        1 => "AF_UNIX", 2 => "AF_INET", 10 => "AF_INET6", 16 => "AF_NETLINK", 17 => "AF_PACKET",
        _ => domain.ToString(CultureInfo.InvariantCulture),
    };

    private static string PtraceRequest(long request) => request switch
    {
        0 => "PTRACE_TRACEME", 1 => "PTRACE_PEEKTEXT", 2 => "PTRACE_PEEKDATA", 3 => "PTRACE_PEEKUSR", 4 => "PTRACE_POKETEXT",
        5 => "PTRACE_POKEDATA", 6 => "PTRACE_POKEUSR", 7 => "PTRACE_CONT", 8 => "PTRACE_KILL", 9 => "PTRACE_SINGLESTEP",
        12 => "PTRACE_GETREGS", 13 => "PTRACE_SETREGS", 16 => "PTRACE_ATTACH", 17 => "PTRACE_DETACH", 24 => "PTRACE_SYSCALL",
        0x4200 => "PTRACE_SETOPTIONS", 0x4206 => "PTRACE_SEIZE", 0x4207 => "PTRACE_INTERRUPT",
        _ => request.ToString(CultureInfo.InvariantCulture),
    };
}
