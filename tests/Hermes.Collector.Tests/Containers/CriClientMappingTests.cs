using Hermes.Collector.Containers;
using Hermes.Collector.Containers.Cri.V1;

namespace Hermes.Collector.Tests.Containers;

/// <summary>How CRI replies become container.* and k8s.* (the kernel test runs the same code against containerd).</summary>
public sealed class CriClientMappingTests
{
    private static ContainerStatusResponse Status(string image, string imageRef, string? info = null)
    {
        var response = new ContainerStatusResponse
        {
            Status = new ContainerStatus
            {
                Id = new string('a', 64),
                Metadata = new ContainerMetadata { Name = "api" },
                Image = new ImageSpec { Image = image },
                ImageRef = imageRef,
                StartedAt = 1_700_000_000_000_000_000,
                Labels = { ["io.kubernetes.container.name"] = "api" },
                Mounts = { new Mount { HostPath = "/var/lib/kubelet/pods/x/volumes/token", ContainerPath = "/var/run/secrets/token", Readonly = true, Propagation = MountPropagation.PropagationHostToContainer } },
            },
        };
        if (info is not null) response.Info["info"] = info;
        return response;
    }

    private static PodSandboxStatusResponse PodSandbox(string? ip = null, NamespaceMode network = NamespaceMode.Pod, string? info = null)
    {
        var response = new PodSandboxStatusResponse
        {
            Status = new PodSandboxStatus
            {
                Id = new string('b', 64),
                Metadata = new PodSandboxMetadata { Name = "payments-api-7d4b9", Namespace = "payments", Uid = "5f0c" },
                Labels = { ["app.kubernetes.io/name"] = "payments-api", ["io.kubernetes.pod.name"] = "payments-api-7d4b9" },
                CreatedAt = 1_600_000_000_000_000_000,
                Network = ip is null ? null : new PodSandboxNetworkStatus { Ip = ip },
                Linux = new LinuxPodSandboxStatus { Namespaces = new Namespace { Options = new NamespaceOption { Network = network } } },
            },
        };
        if (info is not null) response.Info["info"] = info;
        return response;
    }

    private static readonly PodSandboxStatusResponse Sandbox = PodSandbox();

    // containerd's verbose sandbox info (trimmed): the CNI plugins' result with the loopback, the pod's eth0 and the
    // host-side veth end, each with Mac and Sandbox (the netns path), plus DNS and routes.
    private const string ContainerdSandboxInfo = """
        {"pid":4242,"processStatus":"running","netNamespaceClosed":false,
         "cniResult":{"Interfaces":{
            "eth0":{"IPConfigs":[{"IP":"10.88.0.7","Gateway":"10.88.0.1"},{"IP":"fd00::7","Gateway":"fd00::1"}],"Mac":"0a:58:0a:58:00:07","Sandbox":"/var/run/netns/cni-1234"},
            "lo":{"IPConfigs":[{"IP":"127.0.0.1","Gateway":""}],"Mac":"00:00:00:00:00:00","Sandbox":"/var/run/netns/cni-1234"},
            "veth5e3a7c1f":{"IPConfigs":null,"Mac":"9a:1b:2c:3d:4e:5f","Sandbox":""}},
          "DNS":[{},{}],"Routes":[{"dst":"0.0.0.0/0"}]}}
        """;

    [Fact]
    public void RegistryImage_GivesRepositoryTagAndTheRepoDigest()
    {
        var info = CriClient.FromContainer(Status("ghcr.io/acme/payments-api:1.4.2", "ghcr.io/acme/payments-api@sha256:3f2a"), Sandbox, "containerd");
        Assert.Equal("ghcr.io/acme/payments-api", info.ImageRepository);
        Assert.Equal("1.4.2", info.ImageTag);
        Assert.Equal("sha256:3f2a", info.ImageDigest);
        Assert.Equal("containerd", info.Runtime);
        Assert.Equal("api", info.Name);
        Assert.Equal(1_700_000_000_000_000_000, info.StartTimeNs);
    }

    [Fact]
    public void ImageKnownOnlyById_FallsBackToTheDigestedReference()
    {
        var info = CriClient.FromContainer(Status("sha256:9c1e", "ghcr.io/acme/payments-api@sha256:3f2a"), Sandbox, "cri-o");
        Assert.Equal("ghcr.io/acme/payments-api", info.ImageRepository);
        Assert.Equal("sha256:3f2a", info.ImageDigest);
    }

    [Fact]
    public void Pod_ComesFromTheSandbox_WithoutTheKubeletsBookkeepingLabels()
    {
        var info = CriClient.FromContainer(Status("nginx:1.25", "sha256:9c1e"), Sandbox, "containerd");
        Assert.Equal("payments-api-7d4b9", info.PodName);
        Assert.Equal("payments", info.PodNamespace);
        Assert.Equal("5f0c", info.PodUid);
        Assert.Equal(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "payments-api" }, info.PodLabels);
        Assert.Equal("sha256:9c1e", info.ImageId);
    }

    [Fact]
    public void Mounts_KeepSourceDestinationModeAndPropagation()
    {
        var mount = Assert.Single(CriClient.FromContainer(Status("nginx", "sha256:1"), null, null).Mounts);
        Assert.Equal(("/var/lib/kubelet/pods/x/volumes/token", "/var/run/secrets/token", "ro", false, "rslave"), (mount.Source, mount.Destination, mount.Mode, mount.ReadWrite, mount.Propagation));
    }

    [Theory]
    [InlineData("""{"sandboxID":"b","config":{"linux":{"security_context":{"privileged":true}}}}""", true)] // containerd
    [InlineData("""{"privileged":true,"pid":42}""", true)] // CRI-O
    [InlineData("""{"config":{"linux":{"security_context":{}}}}""", false)]
    [InlineData("not json", false)]
    [InlineData(null, false)]
    public void Privileged_IsReadFromTheVerboseInfo(string? info, bool privileged) =>
        Assert.Equal(privileged, CriClient.FromContainer(Status("nginx", "sha256:1", info), null, null).Privileged);

    [Fact]
    public void SandboxId_ComesFromTheSandbox_AndIsKeptAsFalcosLabel()
    {
        var info = CriClient.FromContainer(Status("nginx", "sha256:1"), Sandbox, "containerd");
        Assert.Equal(new string('b', 64), info.PodSandboxId);
        Assert.Equal(new string('b', 64), info.Labels["io.kubernetes.sandbox.id"]);
    }

    [Fact]
    public void SandboxId_WithoutTheSandboxStatus_ComesFromTheContainersVerboseInfo()
    {
        var info = CriClient.FromContainer(Status("nginx", "sha256:1", """{"sandboxID":"cafe0123456789","pid":7}"""), null, "cri-o");
        Assert.Equal("cafe0123456789", info.PodSandboxId);
        Assert.Null(CriClient.FromContainer(Status("nginx", "sha256:1"), null, null).PodSandboxId);
    }

    [Theory]
    [InlineData("10.88.0.7", NamespaceMode.Pod, "10.88.0.7")]
    [InlineData("fd00::7", NamespaceMode.Pod, "fd00::7")]
    [InlineData("", NamespaceMode.Pod, null)]
    [InlineData(null, NamespaceMode.Pod, null)]
    [InlineData("192.168.1.20", NamespaceMode.Node, null)] // host network: the node's address is not the pod's
    [InlineData("not-an-address", NamespaceMode.Pod, null)]
    public void Ip_IsThePodSandboxsNetworkAddress(string? ip, NamespaceMode network, string? expected)
    {
        var info = CriClient.FromContainer(Status("nginx", "sha256:1"), PodSandbox(ip, network), "containerd");
        Assert.Equal(expected, info.Ip?.ToString());
    }

    [Fact]
    public void CniResult_FromContainerd_KeepsThePodsInterfacesCompactWithoutLoopbackVethMacOrSandbox()
    {
        var info = CriClient.FromContainer(Status("nginx", "sha256:1"), PodSandbox("10.88.0.7", info: ContainerdSandboxInfo), "containerd");
        Assert.Equal("""{"eth0":{"IPConfigs":[{"Gateway":"10.88.0.1","IP":"10.88.0.7"},{"Gateway":"fd00::1","IP":"fd00::7"}]}}""", info.PodCniJson);
    }

    [Fact]
    public void CniResult_FromCriO_IsItsAnnotationWithoutTheTrailingNewline()
    {
        const string result = """{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/var/run/netns/x"}],"ips":[{"interface":0,"address":"10.85.0.12/16","gateway":"10.85.0.1"}]}""";
        var info = """{"pid":99,"runtimeSpec":{"annotations":{"io.kubernetes.cri-o.CNIResult":""" + System.Text.Json.JsonSerializer.Serialize(result + "\n") + "}}}";
        Assert.Equal(result, CriClient.FromContainer(Status("nginx", "sha256:1"), PodSandbox("10.85.0.12", info: info), "cri-o").PodCniJson);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("""{"pid":1,"cniResult":null}""", null)] // host network: no CNI call
    [InlineData("not json", null)]
    [InlineData("""{"cniResult":{"Interfaces":{"lo":{"IPConfigs":[]}}}}""", "{}")] // a result with nothing Falco keeps
    public void CniResult_WithoutInterfacesToShow(string? sandboxInfo, string? expected) =>
        Assert.Equal(expected, CriClient.FromContainer(Status("nginx", "sha256:1"), PodSandbox(info: sandboxInfo), "containerd").PodCniJson);

    [Fact]
    public void CniResult_IsBoundedLikeFalcos()
    {
        var huge = """{"runtimeSpec":{"annotations":{"io.kubernetes.cri-o.CNIResult":"[""" + new string('x', 10_000) + """]"}}}""";
        Assert.Equal(CriClient.MaxCniResultLength, CriClient.FromContainer(Status("nginx", "sha256:1"), PodSandbox(info: huge), "cri-o").PodCniJson!.Length);
    }

    [Fact]
    public void Sandbox_AsAPauseContainer_IsItsOwnSandbox_WithThePodsAddressAndCniResult()
    {
        var info = CriClient.FromSandbox(PodSandbox("10.88.0.7", info: ContainerdSandboxInfo), "containerd");
        Assert.Equal(new string('b', 64), info.PodSandboxId);
        Assert.Equal("5f0c", info.PodUid);
        Assert.Equal("10.88.0.7", info.Ip?.ToString());
        Assert.StartsWith("""{"eth0":""", info.PodCniJson, StringComparison.Ordinal);
        Assert.Equal(1_600_000_000_000_000_000, info.StartTimeNs);
    }
}
