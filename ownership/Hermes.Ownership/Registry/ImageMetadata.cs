namespace Hermes.Ownership.Registry;

/// <summary>
/// What the registry says about an image: the digest of the manifest that was resolved (the platform's, under an
/// index), the config labels, and the annotations of the index and of the manifest, each kept apart so that
/// provenance can say which one a value came from.
/// </summary>
public sealed record ImageMetadata(
    string Digest,
    string? Platform,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> ManifestAnnotations,
    IReadOnlyDictionary<string, string> IndexAnnotations);
