namespace Hermes.Collector.State;

/// <summary>A container's metadata from its runtime (Docker Engine API, CRI), what <c>container.*</c> and <c>k8s.*</c> read.</summary>
public sealed record ContainerInfo
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    /// <summary>The image as configured, e.g. <c>ghcr.io/acme/payments-api:1.4.2</c>.</summary>
    public string? Image { get; init; }

    public string? ImageId { get; init; }

    public string? ImageRepository { get; init; }

    public string? ImageTag { get; init; }

    public string? ImageDigest { get; init; }

    public string? Runtime { get; init; }

    public bool Privileged { get; init; }

    public long StartTimeNs { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];

    /// <summary>Kubernetes pod name, from the runtime's <c>io.kubernetes.pod.name</c> label.</summary>
    public string? PodName => Labels.GetValueOrDefault("io.kubernetes.pod.name");

    public string? PodNamespace => Labels.GetValueOrDefault("io.kubernetes.pod.namespace");

    public string? PodUid => Labels.GetValueOrDefault("io.kubernetes.pod.uid");

    /// <summary>Pod labels, when the runtime exposes them (CRI sandbox labels without the io.kubernetes.* keys).</summary>
    public IReadOnlyDictionary<string, string> PodLabels { get; init; } = new Dictionary<string, string>();
}

/// <summary>A bind or volume mount of a container.</summary>
public sealed record ContainerMount(string Source, string Destination, string Mode, bool ReadWrite, string Propagation);
