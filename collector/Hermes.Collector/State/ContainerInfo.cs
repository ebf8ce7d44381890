using Hermes.Rules.Fields;

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

    /// <summary>
    /// The container's address (<c>container.ip</c>): Docker/podman's primary network address; under CRI the pod
    /// sandbox's, which every container of the pod shares. Null when it has none (host network, no network).
    /// </summary>
    public IpAddressValue? Ip { get; init; }

    /// <summary>
    /// The health check command (<c>container.healthcheck</c>) as Falco renders it: the command and its arguments,
    /// <c>/bin/sh -c …</c> for a shell form, <c>NONE</c> when the image's check is switched off; null without one.
    /// </summary>
    public string? Healthcheck { get; init; }

    /// <summary>The pod's CNI result as compact JSON (<c>k8s.pod.cni.json</c>), from the CRI sandbox's verbose info.</summary>
    public string? PodCniJson { get; init; }

    /// <summary>The pod sandbox's full id, from the <c>io.kubernetes.sandbox.id</c> label (CRI sets it from the sandbox).</summary>
    public string? PodSandboxId => Labels.GetValueOrDefault("io.kubernetes.sandbox.id");

    /// <summary>Kubernetes pod name, from the runtime's <c>io.kubernetes.pod.name</c> label.</summary>
    public string? PodName => Labels.GetValueOrDefault("io.kubernetes.pod.name");

    public string? PodNamespace => Labels.GetValueOrDefault("io.kubernetes.pod.namespace");

    public string? PodUid => Labels.GetValueOrDefault("io.kubernetes.pod.uid");

    /// <summary>Pod labels, when the runtime exposes them (CRI sandbox labels without the io.kubernetes.* keys).</summary>
    public IReadOnlyDictionary<string, string> PodLabels { get; init; } = new Dictionary<string, string>();
}

/// <summary>A bind or volume mount of a container.</summary>
public sealed record ContainerMount(string Source, string Destination, string Mode, bool ReadWrite, string Propagation)
{
    /// <summary>The mount as <c>container.mount</c> shows it: <c>source:dest:mode:rdwr:propagation</c> (made once, read per event).</summary>
    public string Text { get; } = $"{Source}:{Destination}:{Mode}:{(ReadWrite ? "true" : "false")}:{Propagation}";
}
