using Hermes.Collector.State;

namespace Hermes.Collector.Tests.State;

public sealed class ContainerIdsTests
{
    private const string Id = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

    [Theory]
    [InlineData("/docker/" + Id, "docker")]
    [InlineData("/system.slice/docker-" + Id + ".scope", "docker")]
    [InlineData("/kubepods/burstable/pod1f3a/" + Id, "containerd")]
    [InlineData("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f3a.slice/cri-containerd-" + Id + ".scope", "containerd")]
    [InlineData("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod2.slice/crio-" + Id + ".scope", "cri-o")]
    [InlineData("/libpod_parent/libpod-" + Id, "podman")]
    [InlineData("/machine.slice/libpod-" + Id + ".scope/container", "podman")]
    public void ContainerCgroups_YieldTheId(string path, string runtime)
    {
        Assert.Equal(Id, ContainerIds.FromCgroupPath(path));
        Assert.Equal(runtime, ContainerIds.RuntimeOf(path));
        Assert.Equal("3ad7b26ded6d", ContainerIds.Short(ContainerIds.FromCgroupPath(path)));
    }

    [Theory]
    [InlineData("/user.slice/user-0.slice/session-3.scope")]
    [InlineData("/")]
    [InlineData("/system.slice/containerd.service")]
    [InlineData("/machine.slice/libpod-conmon-" + Id + ".scope")]
    [InlineData("/docker/3ad7b26ded6d")]
    public void HostCgroups_YieldNoId(string path)
    {
        Assert.Null(ContainerIds.FromCgroupPath(path));
        Assert.Equal("host", ContainerIds.Short(ContainerIds.FromCgroupPath(path)));
    }

    [Fact]
    public void ProcCgroupFile_AnyHierarchyNamesTheContainer()
    {
        var content = $"12:memory:/libpod_parent/libpod-{Id}\n11:cpu,cpuacct:/libpod_parent/libpod-{Id}\n0::/\n";
        Assert.Equal(Id, ContainerIds.FromProcCgroup(content));
        Assert.Null(ContainerIds.FromProcCgroup("0::/init.scope\n"));
    }
}
