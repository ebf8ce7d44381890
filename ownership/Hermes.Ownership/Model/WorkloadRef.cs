namespace Hermes.Ownership.Model;

/// <summary>
/// The workload an ownership question is about, as the alert (or a person) describes it. Every part is optional:
/// an alert from a host process has no pod, a lookup from the CLI may give only an image.
/// </summary>
public sealed record WorkloadRef(
    string? Cluster = null,
    string? Namespace = null,
    string? Pod = null,
    string? Image = null,
    string? ImageDigest = null,
    IReadOnlyDictionary<string, string>? Labels = null,
    IReadOnlyDictionary<string, string>? Annotations = null)
{
    public IReadOnlyDictionary<string, string> LabelsOrEmpty => Labels ?? Empty;

    public IReadOnlyDictionary<string, string> AnnotationsOrEmpty => Annotations ?? Empty;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    /// <summary>A short description for "unowned" answers and logs.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Cluster is not null) parts.Add($"cluster {Cluster}");
        if (Namespace is not null) parts.Add($"namespace {Namespace}");
        if (Pod is not null) parts.Add($"pod {Pod}");
        if (Image is not null) parts.Add($"image {Image}");
        if (ImageDigest is not null) parts.Add($"digest {ImageDigest}");
        if (LabelsOrEmpty.Count > 0) parts.Add("labels " + string.Join(",", LabelsOrEmpty.Select(l => $"{l.Key}={l.Value}")));
        return parts.Count == 0 ? "(nothing)" : string.Join(", ", parts);
    }
}
