using Hermes.Rules.Fields;

namespace Hermes.Benchmarks.Rules;

/// <summary>
/// A realistic syscall mix for a Kubernetes node: ~60% opens, 10% execs, 10% connects, the rest other syscalls,
/// from a pool of processes, paths and containers, with a small share of events that do fire rules. Seeded, so
/// every run evaluates the same events.
/// </summary>
internal static class EventMix
{
    private static readonly string[] Processes = ["nginx", "python3", "java", "node", "postgres", "redis-server", "bash", "sh", "cat", "ls", "runc", "kubelet", "containerd-shim", "curl", "grep"];
    private static readonly string[] Parents = ["bash", "sh", "systemd", "containerd-shim", "java", "python3", "sshd", "runc:[1:CHILD]", "node"];
    private static readonly string[] ReadPaths =
    [
        "/usr/lib/x86_64-linux-gnu/libc.so.6", "/proc/self/stat", "/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf",
        "/usr/share/zoneinfo/UTC", "/var/lib/app/data/segment-0001.db", "/srv/www/index.html", "/proc/1/cgroup",
        "/sys/fs/cgroup/memory.max", "/etc/ld.so.cache", "/usr/lib/python3.11/os.py", "/app/node_modules/express/index.js",
    ];
    private static readonly string[] WritePaths = ["/var/log/nginx/access.log", "/tmp/upload-1234", "/var/lib/postgresql/15/main/pg_wal/0001", "/app/cache/item.json"];
    private static readonly string[] Images = ["docker.io/library/nginx", "ghcr.io/acme/payments-api", "registry.example.com/acme/search", "docker.io/library/postgres"];
    private static readonly string[] Others = ["close", "read", "write", "mmap", "fstat", "futex", "clone", "accept4", "sendto", "recvfrom", "socket", "dup2", "unlinkat", "ptrace", "symlinkat", "linkat"];

    public static BenchEvent[] Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        var events = new BenchEvent[count];
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            var evt = roll switch
            {
                < 60 => Open(random),
                < 70 => Exec(random),
                < 80 => Connect(random),
                _ => Other(random),
            };
            Common(evt, random);
            events[i] = evt;
        }
        return events;
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static void Common(BenchEvent evt, Random random)
    {
        var inContainer = random.Next(100) < 80;
        evt.Set(FieldId.ContainerId, inContainer ? $"{random.Next(0x100000):x6}abcdef" : "host")
           .Set(FieldId.UserName, random.Next(10) < 7 ? "root" : "www-data")
           .Set(FieldId.UserUid, 0)
           .Set(FieldId.UserLoginuid, -1)
           .Set(FieldId.ProcTty, random.Next(200) == 0 ? 34816 : 0)
           .Set(FieldId.EvtRawres, 0)
           .Set(FieldId.EvtRes, "SUCCESS")
           .Set(FieldId.ProcExepath, "/usr/bin/app")
           .Set(FieldId.ProcPexepath, "/usr/bin/parent")
           .Set(FieldId.ProcCmdline, "app --serve")
           .Set(FieldId.ProcPcmdline, "parent")
           .Set(FieldId.ProcSname, "bash")
           .Set(FieldId.ProcIsExeUpperLayer, random.Next(100) == 0 ? 1 : 0)
           .Set(FieldId.ProcIsExeFromMemfd, 0)
           .Set(FieldId.ContainerPrivileged, 0)
           .Ancestors(Pick(random, Parents), Pick(random, Parents), "containerd-shim", "systemd");
        if (inContainer)
            evt.Set(FieldId.ContainerImageRepository, Pick(random, Images)).Set(FieldId.K8sNsName, "payments").Set(FieldId.K8sPodName, "payments-api-7d9f");
    }

    private static BenchEvent Open(Random random)
    {
        var write = random.Next(100) < 20;
        var sensitive = random.Next(1000) == 0;
        var path = sensitive ? "/etc/shadow" : write ? Pick(random, WritePaths) : Pick(random, ReadPaths);
        var slash = path.LastIndexOf('/');
        return new BenchEvent(random.Next(10) < 8 ? "openat" : "open")
            .Set(FieldId.ProcName, Pick(random, Processes))
            .Set(FieldId.FdName, path).Set(FieldId.FdNameraw, path)
            .Set(FieldId.FdDirectory, path[..Math.Max(1, slash)]).Set(FieldId.FdFilename, path[(slash + 1)..])
            .Set(FieldId.FdTypechar, "f").Set(FieldId.FdType, "file")
            .Set(FieldId.FdNum, random.Next(3, 200))
            .Set(FieldId.EvtIsOpenRead, write ? 0 : 1).Set(FieldId.EvtIsOpenWrite, write ? 1 : 0)
            .Arg("flags", write ? "O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC" : "O_RDONLY|O_CLOEXEC");
    }

    private static BenchEvent Exec(Random random)
    {
        var name = Pick(random, Processes);
        return new BenchEvent(random.Next(10) < 9 ? "execve" : "execveat")
            .Set(FieldId.ProcName, name)
            .Set(FieldId.ProcExe, "/usr/bin/" + name)
            .Set(FieldId.ProcArgs, random.Next(4) == 0 ? "-c 'ls -la /var/lib'" : "--config /etc/app.conf")
            .Set(FieldId.ProcCmdline, name + " --config /etc/app.conf")
            .Set(FieldId.ProcPid, random.Next(1000, 60000))
            .Set(FieldId.ProcVpgid, 1).Set(FieldId.ProcIsVpgidLeader, 0)
            .Arg("flags", "EXE_WRITABLE");
    }

    private static BenchEvent Connect(Random random) =>
        new BenchEvent("connect")
            .Set(FieldId.ProcName, Pick(random, Processes))
            .Set(FieldId.FdTypechar, "4").Set(FieldId.FdType, "ipv4").Set(FieldId.FdL4proto, "tcp")
            .Set(FieldId.FdSport, random.Next(10) < 8 ? 443 : 5432).Set(FieldId.FdRport, 443).Set(FieldId.FdLport, random.Next(30000, 60000))
            .Set(FieldId.FdName, "10.0.0.5:45122->10.96.0.1:443")
            .ServerIp(random.Next(10) < 8 ? "10.96.0.1" : "52.12.33.4");

    private static BenchEvent Other(Random random) =>
        new BenchEvent(Pick(random, Others))
            .Set(FieldId.ProcName, Pick(random, Processes))
            .Set(FieldId.FdNum, random.Next(0, 100))
            .Set(FieldId.FdTypechar, "f")
            .Arg("request", "PTRACE_PEEKDATA")
            .Arg("domain", "AF_INET")
            .Arg("target", "/tmp/x").Arg("linkpath", "/tmp/y").Arg("oldpath", "/tmp/a").Arg("newpath", "/tmp/b");
}
