namespace Hermes.Ownership.Kubernetes;

/// <summary>Labels and annotations of a pod and of its namespace, as the Kubernetes API returns them.</summary>
public sealed record PodMetadata(
    IReadOnlyDictionary<string, string> PodLabels,
    IReadOnlyDictionary<string, string> PodAnnotations,
    IReadOnlyDictionary<string, string> NamespaceLabels,
    IReadOnlyDictionary<string, string> NamespaceAnnotations);
