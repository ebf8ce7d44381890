using System.Net.Sockets;
using Hermes.Collector.Containers;

namespace Hermes.Collector.Tests.Containers;

/// <summary>Which runtimes the collector asks when none are configured: the well-known sockets present on the node.</summary>
public sealed class ContainerRuntimesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hermes-node-").FullName;
    private readonly List<Socket> _sockets = [];

    public void Dispose()
    {
        foreach (var socket in _sockets) socket.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    // A listening unix socket at a node path, as the runtime leaves it.
    private void Listen(string nodePath)
    {
        var path = _root + nodePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();
        _sockets.Add(socket);
    }

    [Fact]
    public void CriONode_WithVarRunLinkedToRun_AsksCriOOnce()
    {
        Listen("/run/crio/crio.sock");
        Directory.CreateDirectory(Path.Combine(_root, "run", "containerd")); // the DaemonSet's empty mount point
        Directory.CreateDirectory(Path.Combine(_root, "var"));
        File.CreateSymbolicLink(Path.Combine(_root, "var", "run"), "../run");
        Assert.Equal(["cri:/run/crio/crio.sock"], ContainerRuntimes.Discover(_root));
    }

    [Fact]
    public void ContainerdNodeWithPodman_AsksContainerdFirst()
    {
        Listen("/run/podman/podman.sock");
        Listen("/run/containerd/containerd.sock");
        Assert.Equal(["cri:/run/containerd/containerd.sock", "docker:/run/podman/podman.sock"], ContainerRuntimes.Discover(_root));
    }

    [Fact]
    public void CriOOnlyUnderVarRun_IsFoundThere()
    {
        // An older layout: /var/run a real directory holding CRI-O's socket.
        Listen("/var/run/crio/crio.sock");
        Assert.Equal(["cri:/var/run/crio/crio.sock"], ContainerRuntimes.Discover(_root));
    }

    [Fact]
    public void NoRuntime_NothingToAsk() => Assert.Empty(ContainerRuntimes.Discover(_root));
}
