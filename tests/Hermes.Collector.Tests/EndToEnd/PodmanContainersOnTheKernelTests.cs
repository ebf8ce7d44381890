using System.Diagnostics;
using System.Text.Json;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// A podman container read through the Docker Engine API podman serves (tests/prereqs.sh starts it): the collector,
/// told to ask that socket, fills the container's address, health check, mounts and the Kubernetes sandbox labels a
/// dockershim-style container carries, compared with what podman itself says about the container.
/// </summary>
[Collection("kernel")]
public sealed class PodmanContainersOnTheKernelTests : IDisposable
{
    private const string PodmanSocket = "/run/podman/podman.sock";
    private readonly string _name = "hermes-meta-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _sandbox = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
    private readonly string _uid = Guid.NewGuid().ToString();
    private readonly CollectorWithTestRules _collector;
    private readonly string _marker;

    public PodmanContainersOnTheKernelTests()
    {
        _collector = new CollectorWithTestRules($"""
            - rule: Hermes test podman container process
              desc: a program started in the test's podman container
              condition: evt.type in (execve, execveat) and evt.res = SUCCESS and container.name = "{_name}" and proc.name = cat
              output: >-
                container process %proc.name (type=%container.type ip=%container.ip health=%container.healthcheck
                mount=%container.mount[/etc/hermes-marker] mode=%container.mount.mode[0] rdwr=%container.mount.rdwr[0] propagation=%container.mount.propagation[0]
                sandbox=%k8s.pod.sandbox_id full_sandbox=%k8s.pod.full_sandbox_id pod_ip=%k8s.pod.ip cni=%k8s.pod.cni.json)
              priority: INFO
            """, new Dictionary<string, string> { ["HERMES_COLLECTOR_CONTAINER_RUNTIMES"] = "docker:" + PodmanSocket });
        _marker = Path.Combine(_collector.Directory, "marker");
        File.WriteAllText(_marker, "x\n");
    }

    public void Dispose()
    {
        Podman("rm", "-f", "-t", "0", _name);
        _collector.Dispose();
    }

    // podman's own answer on stdout (its health check timer complains on stderr without systemd: ignored).
    private static (int Status, string Output) Podman(params string[] args)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(120_000);
        return (process.ExitCode, output.Trim() + (process.ExitCode == 0 ? "" : "\n" + errors.Result));
    }

    private static string? Field(JsonElement fields, string name) => CollectorWithTestRules.Field(fields, name);

    [Fact]
    public void ContainerWithAHealthCheckAndSandboxLabels_HasItsAddressHealthCheckMountsAndSandbox()
    {
        Assert.True(File.Exists(PodmanSocket), $"no podman API on {PodmanSocket} (tests/prereqs.sh starts it)");
        var image = PodmanImage.Ensure();
        var run = Podman("run", "-d", "--name", _name, "--health-cmd", "test -d /tmp", "-v", _marker + ":/etc/hermes-marker:ro",
            "--label", "io.kubernetes.sandbox.id=" + _sandbox, "--label", "io.kubernetes.pod.uid=" + _uid, "--label", "io.kubernetes.pod.name=" + _name,
            image, "/bin/sleep", "300");
        Assert.True(run.Status == 0, run.Output);
        var inspect = Podman("inspect", _name, "--format",
            "{{.NetworkSettings.IPAddress}}|{{range .Mounts}}{{.Source}}:{{.Destination}}:{{.Mode}}:{{.RW}}:{{.Propagation}}{{end}}|{{json .Config.Healthcheck.Test}}");
        Assert.True(inspect.Status == 0, inspect.Output);
        var said = inspect.Output.Split('|');
        var (ip, mount, test) = (said[0], said[1], JsonSerializer.Deserialize<string[]>(said[2])!);

        var action = Podman("exec", _name, "/bin/cat", "/etc/hermes-marker");
        var fields = _collector.Expect("Hermes test podman container process", $"podman exec: {action.Output}");

        Assert.Equal("podman", Field(fields, "container.type"));
        Assert.Equal(ip.Length == 0 ? null : ip, Field(fields, "container.ip"));
        Assert.Equal(ip.Length == 0 ? null : ip, Field(fields, "k8s.pod.ip")); // the container carries a pod uid label
        Assert.Equal(["CMD-SHELL", "test -d /tmp"], test);
        Assert.Equal("/bin/sh -c test -d /tmp", Field(fields, "container.healthcheck"));
        Assert.Equal(mount, Field(fields, "container.mount[/etc/hermes-marker]"));
        Assert.StartsWith(_marker + ":/etc/hermes-marker:", mount, StringComparison.Ordinal);
        Assert.Equal("false", Field(fields, "container.mount.rdwr[0]"));
        Assert.Equal(mount.Split(':')[2], Field(fields, "container.mount.mode[0]") ?? "");
        Assert.Equal(mount.Split(':')[4], Field(fields, "container.mount.propagation[0]"));
        Assert.Equal(_sandbox[..12], Field(fields, "k8s.pod.sandbox_id"));
        Assert.Equal(_sandbox, Field(fields, "k8s.pod.full_sandbox_id"));
        Assert.Null(Field(fields, "k8s.pod.cni.json")); // only CRI runtimes report one
    }
}
