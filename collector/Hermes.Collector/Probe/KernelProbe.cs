using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hermes.Collector.Probe;

/// <summary>Receives each raw event record straight from the ring buffer (valid only during the call).</summary>
public delegate void RawEventHandler(ReadOnlySpan<byte> record);

/// <summary>
/// The loaded eBPF probe: opens the embedded CO-RE object, sizes the ring buffer, tells the kernel which syscalls
/// to capture and which process to ignore (this one), attaches, and drains the ring buffer on a dedicated thread
/// every few milliseconds (events are submitted without wakeups, so a timer drain is what keeps overhead low).
/// </summary>
public sealed unsafe class KernelProbe : IDisposable
{
    private readonly nint _object;
    private readonly List<nint> _links = [];
    private readonly RingBufferReader _ring;
    private readonly int _dropsFd;
    private readonly int _wantedFd;
    private readonly int _configFd;
    private readonly RawEventHandler _handler;
    private readonly Thread _drainer;
    private readonly TimeSpan _drainInterval;
    private volatile bool _stopping;
    private long _events;

    private KernelProbe(nint obj, RingBufferReader ring, int dropsFd, int wantedFd, int configFd, RawEventHandler handler, TimeSpan drainInterval)
    {
        _configFd = configFd;
        _object = obj;
        _ring = ring;
        _dropsFd = dropsFd;
        _wantedFd = wantedFd;
        _handler = handler;
        _drainInterval = drainInterval;
        _drainer = new Thread(Drain) { IsBackground = true, Name = "hermes-probe-drain" };
    }

    /// <summary>Records received so far.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>
    /// Loads and attaches the probe. <paramref name="handler"/> runs on the drain thread for every record.
    /// Throws <see cref="ProbeUnavailableException"/> with the missing privilege or kernel feature.
    /// </summary>
    /// <param name="rulesWant">
    /// The state-only syscalls rules also look at, so every one of them is shipped; for the others the probe ships
    /// only what the state needs (closes of sockets, pipes, memfds and their copies; fcntl's duplications).
    /// </param>
    public static KernelProbe Start(IEnumerable<int> syscalls, RawEventHandler handler, int ringBufferBytes = 16 * 1024 * 1024, TimeSpan? drainInterval = null,
        RulesWant rulesWant = RulesWant.Close | RulesWant.Fcntl)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!File.Exists("/sys/kernel/btf/vmlinux"))
            throw new ProbeUnavailableException("cannot load the probe: this kernel has no BTF (/sys/kernel/btf/vmlinux); Hermes needs CONFIG_DEBUG_INFO_BTF=y (kernel 5.8+)");
        byte[] image;
        using (var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("hermes.probe.bpf.o")
            ?? throw new ProbeUnavailableException("this build has no embedded probe (build with clang and libbpf-dev installed)"))
        {
            image = new byte[stream.Length];
            stream.ReadExactly(image);
        }

        nint obj;
        try
        {
            fixed (byte* data = image) obj = LibBpf.bpf_object__open_mem(data, (nuint)image.Length, 0);
        }
        catch (DllNotFoundException e)
        {
            throw new ProbeUnavailableException("cannot load libbpf.so.1: install libbpf1 (apt-get install libbpf1)", e);
        }
        if (obj == 0) throw ProbeUnavailableException.From("open the probe object", Marshal.GetLastPInvokeError());
        var probe = default(KernelProbe);
        try
        {
            LibBpf.bpf_map__set_max_entries(LibBpf.bpf_object__find_map_by_name(obj, "events"), (uint)ringBufferBytes);
            if (LibBpf.bpf_object__load(obj) != 0)
                throw ProbeUnavailableException.From("load the probe into the kernel", Marshal.GetLastPInvokeError());

            var configFd = LibBpf.bpf_map__fd(LibBpf.bpf_object__find_map_by_name(obj, "hermes_config"));
            uint zero = 0, self = (uint)Environment.ProcessId;
            LibBpf.bpf_map_update_elem(configFd, &zero, &self, 0);
            SetRulesWant(configFd, rulesWant);
            var wantedFd = LibBpf.bpf_map__fd(LibBpf.bpf_object__find_map_by_name(obj, "wanted"));
            SetWanted(wantedFd, syscalls);
            var dropsFd = LibBpf.bpf_map__fd(LibBpf.bpf_object__find_map_by_name(obj, "drops"));
            var eventsFd = LibBpf.bpf_map__fd(LibBpf.bpf_object__find_map_by_name(obj, "events"));

            probe = new KernelProbe(obj, new RingBufferReader(eventsFd, ringBufferBytes), dropsFd, wantedFd, configFd, handler, drainInterval ?? TimeSpan.FromMilliseconds(10));
            foreach (var name in new[] { "hermes_sys_exit", "hermes_process_exit" })
            {
                var link = LibBpf.bpf_program__attach(LibBpf.bpf_object__find_program_by_name(obj, name));
                if (link == 0) throw ProbeUnavailableException.From($"attach {name}", Marshal.GetLastPInvokeError());
                probe._links.Add(link);
            }
            probe._drainer.Start();
            return probe;
        }
        catch
        {
            if (probe is not null) probe.Dispose();
            else LibBpf.bpf_object__close(obj);
            throw;
        }
    }

    /// <summary>Changes which syscalls are captured, while running (a rules reload may name new event types).</summary>
    public void Capture(IEnumerable<int> syscalls, RulesWant rulesWant)
    {
        SetWanted(_wantedFd, syscalls);
        SetRulesWant(_configFd, rulesWant);
    }

    private static void SetRulesWant(int configFd, RulesWant rulesWant)
    {
        uint key = 1, value = (uint)rulesWant; // HERMES_CONFIG_RULES_WANT
        LibBpf.bpf_map_update_elem(configFd, &key, &value, 0);
    }

    // The kernel's allow-list: every syscall number the probe knows is switched on or off, so a reload also stops
    // capturing what no rule needs any more.
    private static void SetWanted(int wantedFd, IEnumerable<int> syscalls)
    {
        var wanted = syscalls.Where(nr => (uint)nr < MaxSyscall).ToHashSet();
        for (uint key = 0; key < MaxSyscall; key++)
        {
            byte on = wanted.Contains((int)key) ? (byte)1 : (byte)0;
            LibBpf.bpf_map_update_elem(wantedFd, &key, &on, 0);
        }
    }

    private const uint MaxSyscall = 512; // HERMES_MAX_SYSCALL

    /// <summary>Events the kernel dropped because the ring buffer was full, summed over CPUs.</summary>
    public long Drops
    {
        get
        {
            var cpus = LibBpf.libbpf_num_possible_cpus();
            Span<ulong> values = stackalloc ulong[Math.Max(cpus, 1)];
            uint zero = 0;
            fixed (ulong* v = values)
                if (LibBpf.bpf_map_lookup_elem(_dropsFd, &zero, v) != 0) return 0;
            ulong total = 0;
            foreach (var value in values) total += value;
            return (long)total;
        }
    }

    private void OnRecord(ReadOnlySpan<byte> record)
    {
        try
        {
            _handler(record);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException)
        {
            // A record the decoder cannot read must not stop the capture; the decoder counts its own errors.
        }
    }

    private void Drain()
    {
        RawEventHandler onRecord = OnRecord;
        while (!_stopping)
        {
            Interlocked.Add(ref _events, _ring.Drain(onRecord));
            Thread.Sleep(_drainInterval);
        }
        Interlocked.Add(ref _events, _ring.Drain(onRecord));
    }

    public void Dispose()
    {
        _stopping = true;
        if (_drainer.IsAlive) _drainer.Join();
        foreach (var link in _links) LibBpf.bpf_link__destroy(link);
        _links.Clear();
        _ring.Dispose();
        LibBpf.bpf_object__close(_object);
    }
}

/// <summary>State-only syscalls that rules also name (probe.h's HERMES_RULES_* bits): the probe then ships all of them.</summary>
[Flags]
public enum RulesWant
{
    None = 0,
    Close = 1,
    Fcntl = 2,
}
