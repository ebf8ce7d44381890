using Hermes.Collector.State;

namespace Hermes.Collector.Containers;

/// <summary>A container runtime that can say what a container is (its API on a local unix socket).</summary>
public interface IContainerRuntime : IDisposable
{
    /// <summary>How the runtime is reached, e.g. <c>cri:/run/containerd/containerd.sock</c>.</summary>
    string Endpoint { get; }

    /// <summary>The container's metadata; null when this runtime does not know the id or cannot be reached.</summary>
    Task<ContainerInfo?> InspectAsync(string id, CancellationToken cancellationToken);
}
