using System.Collections.Concurrent;
using Hermes.Collector.State;

namespace Hermes.Collector.Containers;

/// <summary>
/// Container metadata by id, asked of the runtime once per container and cached (including "not found", so an
/// unreachable runtime costs one timeout per container, not per event). The first lookup of a new container
/// blocks the capture thread for at most the client's timeout: container starts are rare next to syscalls, and
/// the rules' first event in a container (the shell of "kubectl exec") needs the image and pod already.
/// </summary>
public sealed class ContainerMetadataCache(DockerEngineClient? client) : IDisposable
{
    private readonly ConcurrentDictionary<string, ContainerInfo> _cache = new(StringComparer.Ordinal);

    /// <summary>The metadata of a container (at least its id).</summary>
    public ContainerInfo Get(string id) => _cache.GetOrAdd(id, Fetch);

    private ContainerInfo Fetch(string id) =>
        (client is null ? null : client.InspectAsync(id, CancellationToken.None).GetAwaiter().GetResult()) ?? new ContainerInfo { Id = id };

    /// <summary>Forgets a container (it exited), so a reused id is looked up again.</summary>
    public void Forget(string id) => _cache.TryRemove(id, out _);

    public void Dispose() => client?.Dispose();
}
