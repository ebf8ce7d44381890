using System.Text.Json;
using Hermes.Collector.Containers.Cri.V1;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// A Kubernetes-style pod run through containerd's CRI, as the kubelet runs it (sandbox with the pod's labels, then a
/// container labelled with io.kubernetes.*): the collector, told to ask that CRI socket, fills container.* and k8s.*
/// from it, on alerts of the official rules and of a test rule that prints every pod field.
/// </summary>
[Collection("kernel")]
public sealed class CriPodsOnTheKernelTests : IClassFixture<Containerd>, IDisposable
{
    private readonly Containerd _containerd;
    private readonly string _pod = "payments-api-" + Guid.NewGuid().ToString("N")[..5];
    private readonly string _uid = Guid.NewGuid().ToString();
    private readonly CollectorWithTestRules _collector;
    private readonly string _shadow;
    private string? _sandbox;

    public CriPodsOnTheKernelTests(Containerd containerd)
    {
        _containerd = containerd;
        _collector = new CollectorWithTestRules($"""
            - rule: Hermes test pod process
              desc: a program started in the test's pod
              condition: evt.type in (execve, execveat) and evt.res = SUCCESS and k8s.pod.name = "{_pod}" and proc.name = cat
              output: >-
                pod process %proc.name (container=%container.id name=%container.name type=%container.type
                image=%container.image repo=%container.image.repository tag=%container.image.tag digest=%container.image.digest
                pod=%k8s.pod.name ns=%k8s.ns.name uid=%k8s.pod.uid labels=%k8s.pod.labels team=%k8s.pod.label[team] mounts=%container.mounts
                shadow=%container.mount[/etc/shadow] rdwr=%container.mount.rdwr[0] mode=%container.mount.mode[0] propagation=%container.mount.propagation[0]
                sandbox=%k8s.pod.sandbox_id full_sandbox=%k8s.pod.full_sandbox_id ip=%container.ip pod_ip=%k8s.pod.ip cni=%k8s.pod.cni.json
                health=%container.healthcheck)
              priority: INFO
            """, new Dictionary<string, string> { ["HERMES_COLLECTOR_CONTAINER_RUNTIMES"] = "cri:" + containerd.SocketPath });
        _shadow = Path.Combine(_collector.Directory, "shadow");
        File.WriteAllText(_shadow, "root:*:19000:0:99999:7:::\n");
    }

    public void Dispose()
    {
        if (_sandbox is not null)
        {
            _containerd.Client.Runtime.StopPodSandbox(new StopPodSandboxRequest { PodSandboxId = _sandbox });
            _containerd.Client.Runtime.RemovePodSandbox(new RemovePodSandboxRequest { PodSandboxId = _sandbox });
        }
        _collector.Dispose();
    }

    // What the kubelet sends: the pod's metadata and labels on the sandbox, bookkeeping labels on each container.
    private string RunPod(string[] command, params Mount[] mounts)
    {
        var runtime = _containerd.Client.Runtime;
        var sandboxConfig = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = _pod, Namespace = "payments", Uid = _uid },
            LogDirectory = Path.Combine(_containerd.LogDirectory, _pod),
            Labels = { ["app.kubernetes.io/name"] = "payments-api", ["team"] = "payments", ["io.kubernetes.pod.name"] = _pod, ["io.kubernetes.pod.namespace"] = "payments", ["io.kubernetes.pod.uid"] = _uid },
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node, Pid = NamespaceMode.Container } },
            },
        };
        _sandbox = runtime.RunPodSandbox(new RunPodSandboxRequest { Config = sandboxConfig }).PodSandboxId;
        var container = runtime.CreateContainer(new CreateContainerRequest
        {
            PodSandboxId = _sandbox,
            SandboxConfig = sandboxConfig,
            Config = new ContainerConfig
            {
                Metadata = new ContainerMetadata { Name = "api" },
                Image = new ImageSpec { Image = PodmanImage.Name },
                Command = { command },
                Mounts = { mounts },
                LogPath = "api.log",
                Labels = { ["io.kubernetes.pod.name"] = _pod, ["io.kubernetes.pod.namespace"] = "payments", ["io.kubernetes.pod.uid"] = _uid, ["io.kubernetes.container.name"] = "api" },
                Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node, Pid = NamespaceMode.Container } } },
            },
        }).ContainerId;
        runtime.StartContainer(new StartContainerRequest { ContainerId = container });
        return container;
    }

    private JsonElement Expect(string rule) => _collector.Expect(rule, $"pod {_pod}", f => Field(f, "k8s.pod.name") == _pod);

    private static string? Field(JsonElement fields, string name) => CollectorWithTestRules.Field(fields, name);

    [Fact]
    public void ShadowReadInAPod_IsReported_WithThePodAndImageFromCri()
    {
        string container;
        try
        {
            // The image has no /etc/shadow: a host file mounted there, read by cat exec'd directly (busybox's shell
            // would run its own applet through /proc/self/exe, which the kernel names "exe").
            container = RunPod(["/bin/cat", "/etc/shadow"], new Mount { HostPath = _shadow, ContainerPath = "/etc/shadow", Readonly = true });
        }
        catch (Grpc.Core.RpcException e)
        {
            throw new InvalidOperationException($"containerd refused the pod: {e.Status.Detail}\n{_containerd.Log}", e);
        }

        var official = Expect("Read sensitive file untrusted");
        Assert.Equal(container[..12], Field(official, "container.id"));
        Assert.Equal("api", Field(official, "container.name"));
        Assert.Equal("localhost/hermes-demo", Field(official, "container.image.repository"));
        Assert.Equal("1.0", Field(official, "container.image.tag"));
        Assert.Equal("payments", Field(official, "k8s.ns.name"));

        var pod = Expect("Hermes test pod process");
        Assert.Equal("containerd", Field(pod, "container.type"));
        Assert.Equal(_uid, Field(pod, "k8s.pod.uid"));
        Assert.Equal("payments", Field(pod, "k8s.pod.label[team]"));
        Assert.Contains("app.kubernetes.io/name:payments-api", Field(pod, "k8s.pod.labels"), StringComparison.Ordinal);
        Assert.DoesNotContain("io.kubernetes.pod.uid", Field(pod, "k8s.pod.labels"), StringComparison.Ordinal);
        Assert.StartsWith("sha256:", Field(pod, "container.image.digest"), StringComparison.Ordinal);
        Assert.Contains($"{_shadow}:/etc/shadow:ro:false:rprivate", Field(pod, "container.mounts"), StringComparison.Ordinal);
        Assert.Equal($"{_shadow}:/etc/shadow:ro:false:rprivate", Field(pod, "container.mount[/etc/shadow]"));
        Assert.Equal("false", Field(pod, "container.mount.rdwr[0]"));
        Assert.Equal("ro", Field(pod, "container.mount.mode[0]"));
        Assert.Equal("rprivate", Field(pod, "container.mount.propagation[0]"));

        // The sandbox and its network as containerd itself reports them. The pod runs on the node's network (no CNI
        // plugins here): containerd gives it no address and calls no CNI plugin, and the fields say so.
        Assert.Equal(_sandbox![..12], Field(pod, "k8s.pod.sandbox_id"));
        Assert.Equal(_sandbox, Field(pod, "k8s.pod.full_sandbox_id"));
        var sandbox = _containerd.Client.Runtime.PodSandboxStatus(new PodSandboxStatusRequest { PodSandboxId = _sandbox, Verbose = true });
        var hostNetwork = sandbox.Status.Linux?.Namespaces?.Options?.Network == NamespaceMode.Node;
        var reported = hostNetwork || sandbox.Status.Network?.Ip is not { Length: > 0 } ip ? null : ip;
        Assert.Equal(reported, Field(pod, "container.ip"));
        Assert.Equal(reported, Field(pod, "k8s.pod.ip"));
        using (var info = JsonDocument.Parse(sandbox.Info["info"]))
        {
            var hasCniResult = info.RootElement.TryGetProperty("cniResult", out var cni) && cni.ValueKind == JsonValueKind.Object;
            if (hasCniResult) Assert.StartsWith("{", Field(pod, "k8s.pod.cni.json"), StringComparison.Ordinal);
            else Assert.Null(Field(pod, "k8s.pod.cni.json"));
        }
        Assert.Null(Field(pod, "container.healthcheck")); // CRI has no image health checks (the kubelet runs probes)
    }
}
