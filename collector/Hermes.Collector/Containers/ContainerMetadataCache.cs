using System.Collections.Concurrent;
using Hermes.Collector.State;

namespace Hermes.Collector.Containers;

/// <summary>
/// Container metadata by id, asked of the node's runtimes once per container and cached (including "not found", so
/// an unreachable runtime costs one timeout per container, not per event). A node may run more than one runtime
/// (containerd for pods, podman or Docker beside it): they are asked in order until one knows the id. The first
/// lookup of a new container blocks the capture thread for at most the clients' timeouts: container starts are rare
/// next to syscalls, and the rules' first event in a container (the shell of "kubectl exec") needs the image and
/// pod already.
/// </summary>
public sealed class ContainerMetadataCache(IReadOnlyList<IContainerRuntime> runtimes) : IDisposable
{
    private readonly ConcurrentDictionary<string, ContainerInfo> _cache = new(StringComparer.Ordinal);

    /// <summary>The metadata of a container (at least its id).</summary>
    public ContainerInfo Get(string id) => _cache.GetOrAdd(id, Fetch);

    private ContainerInfo Fetch(string id)
    {
        foreach (var runtime in runtimes)
            if (runtime.InspectAsync(id, CancellationToken.None).GetAwaiter().GetResult() is { } info) return info;
        return new ContainerInfo { Id = id };
    }

    /// <summary>Forgets a container (it exited), so a reused id is looked up again.</summary>
    public void Forget(string id) => _cache.TryRemove(id, out _);

    public void Dispose()
    {
        foreach (var runtime in runtimes) runtime.Dispose();
    }
}
