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

    private static readonly PodSandboxStatus Sandbox = new()
    {
        Id = new string('b', 64),
        Metadata = new PodSandboxMetadata { Name = "payments-api-7d4b9", Namespace = "payments", Uid = "5f0c" },
        Labels = { ["app.kubernetes.io/name"] = "payments-api", ["io.kubernetes.pod.name"] = "payments-api-7d4b9" },
    };

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
}
