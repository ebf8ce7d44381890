using Hermes.Collector.Tests.Support;
using Hermes.Collector.State;
using Hermes.Rules.Fields;
using Hermes.Rules.Loading;
using Hermes.Rules.Output;

namespace Hermes.Collector.Tests.State;

/// <summary>The collector's state answers the official rules: the fields an alert needs come from process, fd and container state.</summary>
public sealed class StateEventSourceTests
{
    private const string ContainerId = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";


    private static (StateEventSource Source, ThreadTable Threads) World(ContainerInfo? pod = null)
    {
        var threads = new ThreadTable();
        threads.Add(new ProcessInfo { Pid = 1, Name = "systemd", Exe = "/sbin/init", ExePath = "/usr/lib/systemd/systemd" });
        threads.Add(new ProcessInfo { Pid = 100, ParentPid = 1, Name = "containerd-shim", Exe = "containerd-shim", ExePath = "/usr/bin/containerd-shim" });
        threads.Add(new ProcessInfo { Pid = 200, ParentPid = 100, Name = "bash", Exe = "bash", ExePath = "/usr/bin/bash", ContainerId = ContainerId, Tty = 34816, Sid = 200, Pgid = 200 });
        var cat = threads.OnChildStarted(200, 201, 201, 1_700_000_000_000_000_000);
        threads.OnExec(201, new ExecutedProgram("cat", "cat", "/usr/bin/cat", ["/etc/shadow"], "/root/"));
        cat.Fds[3] = new FdInfo { Number = 3, Type = FdInfo.Kind.File, Name = "/etc/shadow" };
        // The container's own /etc/passwd, as /proc/201/root shows it: uid 0 there is "root", uid 1000 "payments".
        var proc = Path.Combine(AppContext.BaseDirectory, "state-fake-proc"); // beside the test binaries: nothing left in /tmp
        Directory.CreateDirectory(Path.Combine(proc, "201", "root", "etc"));
        File.WriteAllText(Path.Combine(proc, "201", "root", "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\npayments:x:1000:1000::/srv:/bin/false\n");
        var users = new UserTables(UserTable.Empty, proc);
        var container = pod ?? new ContainerInfo
        {
            Id = ContainerId,
            Name = "k8s_payments_payments-api-7d9f_payments",
            Image = "ghcr.io/acme/payments-api:1.4.2",
            ImageRepository = "ghcr.io/acme/payments-api",
            ImageTag = "1.4.2",
            ImageDigest = "sha256:0123",
            Labels = new Dictionary<string, string> { ["io.kubernetes.pod.name"] = "payments-api-7d9f", ["io.kubernetes.pod.namespace"] = "payments" },
        };
        return (new StateEventSource(threads, users, id => id == ContainerId ? container : null, "node-1"), threads);
    }

    [Fact]
    public void CatReadingShadowInAPod_FiresReadSensitiveFileUntrusted_WithPodContext()
    {
        var rules = RuleLoader.LoadFiles([SharedCorpus.OfficialRules()]).RuleSet!;
        var (source, _) = World();
        var evt = new SyscallEvent { Number = 42, Type = EventTypes.CodeOf("openat"), Pid = 201, Tid = 201, Fd = 3, Result = 3, OpenFlags = 0x80000, TimestampNs = 1_700_000_060_000_000_000 };
        evt.Args.Add(("flags", Hermes.Rules.Rendering.OpenFlags.Render(evt.OpenFlags)));
        source.Set(evt);

        var rule = rules.MatchFirst(source);
        Assert.Equal("Read sensitive file untrusted", rule?.Name);
        var alert = new AlertFormatter(Hermes.Collector.Outputs.AlertEnvelopeFactory.ContextOptions("node-1", "prod", "eu-west-1", null)).Format(rule!, source);
        Assert.Contains("file=/etc/shadow", alert.Output, StringComparison.Ordinal);
        Assert.Contains("process=cat", alert.Output, StringComparison.Ordinal);
        Assert.Contains("parent=bash", alert.Output, StringComparison.Ordinal);
        Assert.Contains("command=cat /etc/shadow", alert.Output, StringComparison.Ordinal);
        Assert.Contains("container_id=3ad7b26ded6d", alert.Output, StringComparison.Ordinal);
        Assert.Contains("container_image_repository=ghcr.io/acme/payments-api", alert.Output, StringComparison.Ordinal);
        Assert.Contains("k8s_ns_name=payments", alert.Output, StringComparison.Ordinal);
        Assert.Contains("k8s_pod_name=payments-api-7d9f", alert.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ShellWithTtyInContainer_FiresTerminalShellInContainer()
    {
        var rules = RuleLoader.LoadFiles([SharedCorpus.OfficialRules()]).RuleSet!;
        var (source, threads) = World();
        threads.OnChildStarted(100, 300, 300, 1_700_000_000_000_000_000);
        var shell = threads.Get(300)!;
        shell.ContainerId = ContainerId;
        shell.Tty = 34816;
        threads.OnExec(300, new ExecutedProgram("bash", "bash", "/usr/bin/bash", [], "/"));
        threads.Get(100)!.Name = "runc:[1:CHILD]";
        source.Set(new SyscallEvent { Number = 42, Type = EventTypes.CodeOf("execve"), Pid = 300, Tid = 300, TimestampNs = 1_700_000_001_000_000_000 });
        Assert.Equal("Terminal shell in container", rules.MatchFirst(source)?.Name);
    }

    [Fact]
    public void Fields_HaveFalcosSemantics()
    {
        var (source, _) = World();
        source.Set(new SyscallEvent { Number = 42, Type = EventTypes.CodeOf("openat"), Pid = 201, Tid = 201, Fd = 3, Result = -13, TimestampNs = 1_700_000_060_000_000_000 });
        string? S(string name, string? arg = null)
        {
            FieldRegistry.TryResolve(name, arg, out var field, out _);
            return source.TryGetString(field, 0, out var v) ? v.ToString() : null;
        }
        long? N(string name, string? arg = null)
        {
            FieldRegistry.TryResolve(name, arg, out var field, out _);
            return source.TryGetNumber(field, 0, out var v) ? v : null;
        }
        Assert.Equal("EACCES", S("evt.res"));
        Assert.Equal(-13, N("evt.rawres"));
        Assert.Equal("cat", S("proc.name"));
        Assert.Equal("bash", S("proc.pname"));
        Assert.Equal("containerd-shim", S("proc.aname", "2"));
        Assert.Equal("systemd", S("proc.aname", "3"));
        Assert.Null(S("proc.aname", "4"));
        Assert.Equal(100, N("proc.apid", "2"));
        Assert.Equal("f", S("fd.typechar"));
        Assert.Equal("/etc", S("fd.directory"));
        Assert.Equal("shadow", S("fd.filename"));
        Assert.Equal("3ad7b26ded6d", S("container.id"));
        Assert.Equal("bash", S("proc.sname"));
        Assert.Equal(60_000_000_000, N("proc.duration"));
        Assert.Equal(34816, N("proc.tty"));
        Assert.Equal("root", S("user.name"));
    }

    [Fact]
    public void ContainerAndPodFields_HaveFalcosSemantics()
    {
        const string sandbox = "5d2c0e7f9a1b4c3d8e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
        var (source, _) = World(new ContainerInfo
        {
            Id = ContainerId,
            Labels = new Dictionary<string, string> { ["io.kubernetes.pod.uid"] = "5f0c", ["io.kubernetes.sandbox.id"] = sandbox },
            Mounts =
            [
                new ContainerMount("/srv/payments/config", "/etc/payments", "ro", false, "rprivate"),
                new ContainerMount("/var/lib/kubelet/pods/5f0c/volumes/data", "/data", "", true, "rslave"),
            ],
            Ip = IpAddressValue.TryParse("10.88.0.7", out var ip) ? ip : null,
            Healthcheck = "/bin/sh -c pg_isready",
            PodCniJson = """{"eth0":{"IPConfigs":[{"Gateway":"10.88.0.1","IP":"10.88.0.7"}]}}""",
        });
        source.Set(new SyscallEvent { Number = 42, Type = EventTypes.CodeOf("openat"), Pid = 201, Tid = 201, Fd = 3, Result = 3, TimestampNs = 1_700_000_060_000_000_000 });
        string? S(string name, string? arg = null)
        {
            Assert.True(FieldRegistry.TryResolve(name, arg, out var field, out var error), error);
            return source.TryGetString(field, 0, out var v) ? v.ToString() : null;
        }
        string? A(string name)
        {
            Assert.True(FieldRegistry.TryResolve(name, null, out var field, out var error), error);
            return source.TryGetAddress(field, 0, out var v) ? v.ToString() : null;
        }

        Assert.Equal("/srv/payments/config:/etc/payments:ro:false:rprivate", S("container.mount", "0"));
        Assert.Equal("/var/lib/kubelet/pods/5f0c/volumes/data:/data::true:rslave", S("container.mount", "/var/lib/kubelet/pods/*"));
        Assert.Null(S("container.mount", "2"));
        Assert.Null(S("container.mount", "/nowhere/*"));
        Assert.Equal(S("container.mount", "0") + "," + S("container.mount", "1"), S("container.mounts"));
        Assert.Equal("ro", S("container.mount.mode", "0"));
        Assert.Equal("false", S("container.mount.rdwr", "/etc/payments"));
        Assert.Equal("true", S("container.mount.rdwr", "1"));
        Assert.Equal("rslave", S("container.mount.propagation", "/data"));
        Assert.Equal("/bin/sh -c pg_isready", S("container.healthcheck"));
        Assert.Equal("10.88.0.7", A("container.ip"));
        Assert.Equal("10.88.0.7", A("k8s.pod.ip"));
        Assert.Equal("5d2c0e7f9a1b", S("k8s.pod.sandbox_id"));
        Assert.Equal(sandbox, S("k8s.pod.full_sandbox_id"));
        Assert.Equal("""{"eth0":{"IPConfigs":[{"Gateway":"10.88.0.1","IP":"10.88.0.7"}]}}""", S("k8s.pod.cni.json"));
    }

    [Fact]
    public void ContainerOutsideAPod_HasNoPodFields_AndNoHealthcheckWithoutOne()
    {
        var (source, _) = World(new ContainerInfo { Id = ContainerId, Ip = IpAddressValue.TryParse("172.17.0.3", out var ip) ? ip : null, PodCniJson = "{}" });
        source.Set(new SyscallEvent { Number = 42, Type = EventTypes.CodeOf("openat"), Pid = 201, Tid = 201, Fd = 3, Result = 3, TimestampNs = 1_700_000_060_000_000_000 });
        FieldRegistry.TryResolve("container.ip", null, out var containerIp, out _);
        FieldRegistry.TryResolve("k8s.pod.ip", null, out var podIp, out _);
        Assert.True(source.TryGetAddress(containerIp, 0, out var address));
        Assert.Equal("172.17.0.3", address.ToString());
        Assert.False(source.TryGetAddress(containerIp, 1, out _));
        Assert.False(source.TryGetAddress(podIp, 0, out _));
        foreach (var name in new[] { "k8s.pod.sandbox_id", "k8s.pod.full_sandbox_id", "k8s.pod.cni.json", "container.healthcheck" })
        {
            FieldRegistry.TryResolve(name, null, out var field, out _);
            Assert.False(source.TryGetString(field, 0, out _), name);
        }

        // On the host there is no container at all.
        source.Set(new SyscallEvent { Number = 43, Type = EventTypes.CodeOf("openat"), Pid = 1, Tid = 1, Fd = -1, Result = -2, TimestampNs = 1_700_000_060_000_000_000 });
        Assert.False(source.TryGetAddress(containerIp, 0, out _));
    }
}
