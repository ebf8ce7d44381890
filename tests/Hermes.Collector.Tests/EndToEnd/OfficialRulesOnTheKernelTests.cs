using System.Text.Json;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// The real collector, the real kernel probe and the official rules, against real actions modelled on
/// falcosecurity/event-generator: the right alert arrives with the right fields, and look-alikes stay quiet.
/// </summary>
[Collection("kernel")]
public sealed class OfficialRulesOnTheKernelTests(CollectorProcess collector) : IClassFixture<CollectorProcess>
{
    private static bool Rule(JsonElement alert, string rule) => alert.GetProperty("rule").GetString() == rule;

    private static string? Field(JsonElement alert, string field) =>
        alert.GetProperty("output_fields").TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private JsonElement Expect(string rule, Func<JsonElement, bool> match, string? action = null)
    {
        var alert = collector.WaitForAlert(a => Rule(a, rule) && match(a), TimeSpan.FromSeconds(30));
        Assert.True(alert.HasValue, $"no '{rule}' alert; alerts: {string.Join("; ", collector.Alerts().Select(a => a.GetProperty("rule").GetString() + ": " + a.GetProperty("output").GetString()))}\naction: {action}\n{collector.Stderr}");
        return alert.Value;
    }

    [Fact]
    public void ReadingShadowWithCat_IsReadSensitiveFileUntrusted()
    {
        var marker = collector.Scratch("shadow");
        CollectorProcess.Shell($"cat /etc/shadow {marker}/missing > /dev/null");
        var alert = Expect("Read sensitive file untrusted", a => Field(a, "proc.cmdline") == $"cat /etc/shadow {marker}/missing");
        Assert.Equal("/etc/shadow", Field(alert, "fd.name"));
        Assert.Equal("cat", Field(alert, "proc.name"));
        Assert.Equal("Warning", alert.GetProperty("priority").GetString());
        Assert.Equal(32, Field(alert, "hermes.idempotency_key")!.Length);
        Assert.Contains("container_id=host", alert.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TraversalPath_IsDirectoryTraversalMonitoredFileRead()
    {
        // exec: the rule ignores shells' children, so the reader's parent must not be a shell (here: the test host).
        var marker = collector.Scratch("traversal");
        CollectorProcess.Shell($"exec python3 -c \"open('/etc/../etc/../etc/shadow').read() # {marker}\"");
        var alert = Expect("Directory traversal monitored file read", a => Field(a, "proc.cmdline")?.Contains(marker, StringComparison.Ordinal) == true);
        Assert.Equal("/etc/shadow", Field(alert, "fd.name"));
        Assert.Equal("/etc/../etc/../etc/shadow", Field(alert, "fd.nameraw"));
    }

    [Fact]
    public void TruncatingASystemLogName_IsClearLogActivities()
    {
        var dir = collector.Scratch("logs");
        CollectorProcess.Shell($": > {dir}/syslog");
        var alert = Expect("Clear Log Activities", a => Field(a, "fd.name") == $"{dir}/syslog");
        Assert.Equal("openat", Field(alert, "evt.type"));
    }

    [Fact]
    public void TruncatingWithOpenat2_FlagsComeFromStructOpenHow()
    {
        // openat2 passes O_WRONLY|O_CREAT|O_TRUNC inside struct open_how: without reading it the rule cannot fire.
        var dir = collector.Scratch("openat2");
        CollectorProcess.Shell("python3 -c \"import ctypes,os\n" +
            "class H(ctypes.Structure): _fields_=[('flags',ctypes.c_uint64),('mode',ctypes.c_uint64),('resolve',ctypes.c_uint64)]\n" +
            $"h=H(os.O_WRONLY|os.O_CREAT|os.O_TRUNC,0o644,0); fd=ctypes.CDLL(None).syscall(437,-100,b'{dir}/auth.log',ctypes.byref(h),24); assert fd>=0; os.close(fd)\"");
        var alert = Expect("Clear Log Activities", a => Field(a, "fd.name") == $"{dir}/auth.log");
        Assert.Equal("openat2", Field(alert, "evt.type"));
        Assert.Contains("O_TRUNC", Field(alert, "evt.arg.flags") ?? alert.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LinksOverShadowAndEtc_AreCreateHardlinkAndSymlinkOverSensitiveFiles()
    {
        var dir = collector.Scratch("links");
        CollectorProcess.Shell($"ln /etc/shadow {dir}/h; ln -s /etc {dir}/s");
        Expect("Create Hardlink Over Sensitive Files", a => Field(a, "evt.arg.newpath") == $"{dir}/h");
        Expect("Create Symlink Over Sensitive Files", a => Field(a, "evt.arg.linkpath") == $"{dir}/s" && Field(a, "evt.arg.target") == "/etc");
    }

    [Fact]
    public void HttpdSpawningAShell_IsRunShellUntrusted()
    {
        var dir = collector.Scratch("httpd");
        CollectorProcess.Shell($"cp /bin/sh {dir}/httpd && {dir}/httpd -c 'sh -c true'");
        var alert = Expect("Run shell untrusted", a => Field(a, "proc.pexe") == $"{dir}/httpd");
        Assert.Equal("httpd", Field(alert, "proc.pname"));
        Assert.Equal("sh", Field(alert, "proc.name"));
    }

    [Fact]
    public void FindingPrivateKeys_IsSearchPrivateKeysOrPasswords()
    {
        var dir = collector.Scratch("keys");
        CollectorProcess.Shell($"find {dir} -name id_rsa");
        Expect("Search Private Keys or Passwords", a => Field(a, "proc.cmdline") == $"find {dir} -name id_rsa");
    }

    [Fact]
    public void ExecutingFromDevShm_IsExecutionFromDevShm()
    {
        var name = "hermes-" + Guid.NewGuid().ToString("N")[..8];
        CollectorProcess.Shell($"cp /bin/true /dev/shm/{name} && /dev/shm/{name}; rm -f /dev/shm/{name}");
        Expect("Execution from /dev/shm", a => Field(a, "proc.exepath") == $"/dev/shm/{name}");
    }

    [Fact]
    public void ExecutingAMemfd_IsFilelessExecution()
    {
        var dir = collector.Scratch("memfd");
        CollectorProcess.Shell($"cd {dir} && python3 -c \"import os; fd=os.memfd_create('hermes'); os.write(fd, open('/bin/true','rb').read()); os.execv(f'/proc/self/fd/{{fd}}', ['x', '{dir}'])\"");
        Expect("Fileless execution via memfd_create", a => Field(a, "proc.cmdline")?.Contains(dir, StringComparison.Ordinal) == true);
    }

    [Fact]
    public void AttachingWithPtrace_IsPtraceAttachedToProcess()
    {
        var dir = collector.Scratch("ptrace");
        // The tracee is detached and killed before the tracer exits, and never holds the test's pipes.
        CollectorProcess.Shell($"python3 -c \"import ctypes,os,subprocess,time; p=subprocess.Popen(['sleep','5'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); libc=ctypes.CDLL(None); libc.ptrace(16, p.pid, 0, 0); os.waitpid(p.pid, 0); libc.ptrace(17, p.pid, 0, 0); p.kill(); p.wait() # {dir}\"");
        Expect("PTRACE attached to process", a => Field(a, "proc.cmdline")?.Contains(dir, StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Shred_IsRemoveBulkDataFromDisk()
    {
        var dir = collector.Scratch("shred");
        CollectorProcess.Shell($"echo secret > {dir}/data && shred {dir}/data");
        Expect("Remove Bulk Data from Disk", a => Field(a, "proc.cmdline") == $"shred {dir}/data");
    }

    [Fact]
    public void HarmlessLookAlikes_RaiseNothing()
    {
        var dir = collector.Scratch("harmless");
        CollectorProcess.Shell($"cat /etc/hostname {dir}/x; echo x > {dir}/app.log; find {dir} -name '*.log'; ln -s /tmp {dir}/t; cp /bin/true {dir}/true && {dir}/true; shred --help > /dev/null || true");
        // A sentinel after them: once its alert is in, the look-alikes have been seen too.
        CollectorProcess.Shell($"cat /etc/shadow {dir}/sentinel");
        Assert.NotNull(collector.WaitForAlert(a => Field(a, "proc.cmdline") == $"cat /etc/shadow {dir}/sentinel"));
        var fromHarmless = collector.Alerts().Where(a =>
            a.GetProperty("output").GetString()!.Contains(dir, StringComparison.Ordinal) && !a.GetProperty("output").GetString()!.Contains("sentinel", StringComparison.Ordinal)).ToList();
        Assert.Empty(fromHarmless);
    }

    [Fact]
    public void InteractiveShellInAPodmanContainer_IsTerminalShellInContainer()
    {
        var image = PodmanImage.Ensure();
        var name = "hermes-tty-" + Guid.NewGuid().ToString("N")[..8];
        var podman = CollectorProcess.Shell($"podman run --rm -t --name {name} {image} /bin/sh -c true < /dev/null");
        var alert = Expect("Terminal shell in container", a => Field(a, "container.name") == name, podman);
        Assert.Matches("^[0-9a-f]{12}$", Field(alert, "container.id"));
        Assert.Equal("localhost/hermes-demo", Field(alert, "container.image.repository"));
        Assert.Equal("1.0", Field(alert, "container.image.tag"));
        Assert.Equal("sh", Field(alert, "proc.name"));
    }

    [Fact]
    public void BinaryWrittenIntoAContainerAndRun_IsDropAndExecuteNewBinary()
    {
        var image = PodmanImage.Ensure();
        var name = "hermes-drop-" + Guid.NewGuid().ToString("N")[..8];
        var podman = CollectorProcess.Shell($"podman run --rm --name {name} {image} /bin/sh -c 'cp /bin/busybox /tmp/dropped && /tmp/dropped true'");
        var alert = Expect("Drop and execute new binary in container", a => Field(a, "container.name") == name, podman);
        Assert.Equal("/tmp/dropped", Field(alert, "proc.exe"));
        Assert.Equal("localhost/hermes-demo", Field(alert, "container.image.repository"));
        // The image's own shell ran too, from the lower layer: it must not be reported as dropped.
        Assert.DoesNotContain(collector.Alerts(), a => Rule(a, "Drop and execute new binary in container") && Field(a, "container.name") == name && Field(a, "proc.exe") != "/tmp/dropped");
    }
}
