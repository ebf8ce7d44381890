using Hermes.Collector.Probe;
using Hermes.Collector.State;
using Hermes.Rules.Engine;
using Hermes.Rules.Fields;

namespace Hermes.Collector.Capture;

/// <summary>Receives each decoded event with the rule engine's view of it (both valid only during the call).</summary>
public delegate void CapturedEventHandler(SyscallEvent evt, StateEventSource source);

/// <summary>
/// The capture pipeline of one node: the kernel probe, the decoder and the process/fd/container state, wired so
/// that each event reaches the handler with its state already applied. All of it runs on the probe's drain
/// thread, so the state needs no locks.
/// </summary>
public sealed class CaptureSession : IDisposable
{
    // The syscalls state tracking needs whatever the rules say: process lineage, program, fds and sockets.
    private static readonly string[] StateSyscalls =
    [
        "clone", "fork", "vfork", "execve", "execveat", "close", "dup", "dup2", "dup3", "socket", "connect", "bind",
        "accept", "accept4", "chdir", "fchdir", "fcntl", "memfd_create", "open", "openat", "openat2", "creat",
        "clone3", // glibc creates threads with clone3: the thread table needs it
        "pipe", "pipe2", // what a shell's pipeline connects stdin and stdout to (proc.stdin.type)
    ];

    private readonly KernelProbe _probe;

    private CaptureSession(KernelProbe probe, ThreadTable threads)
    {
        _probe = probe;
        Threads = threads;
    }

    /// <summary>The process table (read it only from the handler, which runs on the capture thread).</summary>
    public ThreadTable Threads { get; }

    /// <summary>Events received from the kernel.</summary>
    public long Events => _probe.Events;

    /// <summary>Events the kernel dropped.</summary>
    public long Drops => _probe.Drops;

    /// <summary>The syscalls to capture: those the rules' event types name, plus what state tracking needs.</summary>
    public static IReadOnlyList<int> SyscallsFor(RuleSet? rules)
    {
        var names = new HashSet<string>(StateSyscalls, StringComparer.Ordinal);
        if (rules is null) names.UnionWith(Syscalls.All.Select(n => Syscalls.NameOf(n)!));
        else
            for (var code = 0; code < EventTypes.Count; code++)
                if (rules.RulesFor(code).Count > 0) names.Add(EventTypes.NameOf(code));
        return names.Select(Syscalls.NumberOf).Where(n => n >= 0).Distinct().Order().ToList();
    }

    /// <summary>Bootstraps state from /proc, loads the probe and starts delivering events to <paramref name="handler"/>.</summary>
    /// <summary>
    /// Which state-only syscalls the rules (or, with no rules, the capture command) also look at: those the kernel
    /// ships in full. For the others it ships only what the state needs (probe.bpf.c: tracked_fds, fcntl).
    /// </summary>
    public static RulesWant RulesWantFor(RuleSet? rules)
    {
        if (rules is null) return RulesWant.Close | RulesWant.Fcntl;
        return (rules.RulesFor(CloseType).Count > 0 ? RulesWant.Close : RulesWant.None) |
               (rules.RulesFor(FcntlType).Count > 0 ? RulesWant.Fcntl : RulesWant.None);
    }

    private static readonly int CloseType = EventTypes.CodeOf("close");
    private static readonly int FcntlType = EventTypes.CodeOf("fcntl");

    public static CaptureSession Start(IReadOnlyList<int> syscalls, CapturedEventHandler handler, string hostname,
        Func<string, ContainerInfo?>? containers = null, int ringBufferBytes = 16 * 1024 * 1024, DomainNames? names = null,
        RulesWant rulesWant = RulesWant.Close | RulesWant.Fcntl)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var threads = ThreadTable.Bootstrap();
        var decoder = new EventDecoder(threads, BootClock.EpochAtBootNs());
        var source = new StateEventSource(threads, new UserTables(UserTable.Load()), containers ?? (id => new ContainerInfo { Id = id }), hostname, names);
        var evt = new SyscallEvent();
        var probe = KernelProbe.Start(syscalls, record =>
        {
            if (!decoder.Decode(new EventRecord(record), evt)) return;
            source.Set(evt);
            handler(evt, source);
            decoder.Complete(evt);
        }, ringBufferBytes, rulesWant: rulesWant);
        return new CaptureSession(probe, threads);
    }

    /// <summary>Captures what a newly loaded rule set needs (and stops capturing what it no longer does).</summary>
    public void CaptureFor(RuleSet rules) => _probe.Capture(SyscallsFor(rules), RulesWantFor(rules));

    public void Dispose() => _probe.Dispose();
}
