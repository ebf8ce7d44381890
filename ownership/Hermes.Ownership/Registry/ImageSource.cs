using Hermes.Ownership.Caching;
using Hermes.Ownership.Model;
using Hermes.Ownership.Resolution;

namespace Hermes.Ownership.Registry;

/// <summary>
/// Image → repository: <c>org.opencontainers.image.source</c> and <c>.revision</c> from the registry, read from
/// the platform manifest's annotations, then the index's, then the config labels. The digest from the alert is
/// used when present, so a moved tag cannot change the answer. Cached per image reference.
/// </summary>
public sealed class ImageSource : IOwnershipSource
{
    private const string SourceKey = "org.opencontainers.image.source";
    private const string RevisionKey = "org.opencontainers.image.revision";
    private readonly RegistryClient _registry;
    private readonly SourceCache<string, ImageMetadata> _cache;

    public ImageSource(RegistryClient registry, CachePolicy policy, TimeProvider time)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _cache = new SourceCache<string, ImageMetadata>(policy, time);
    }

    public string Name => "image";

    public async ValueTask<SourceResult> LocateAsync(WorkloadRef workload, OwnershipFacts soFar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.Image is null) return SourceResult.Nothing("no image in the workload");
        if (!ImageReference.TryParse(workload.Image, out var image)) return SourceResult.Nothing($"'{workload.Image}' is not an image reference");
        if (image.Digest is null && workload.ImageDigest is { Length: > 0 } digest && digest.Contains(':', StringComparison.Ordinal)) image = image with { Digest = digest };
        Cached<ImageMetadata> cached;
        try
        {
            cached = await _cache.GetAsync(image.ToString(), (_, ct) => _registry.InspectAsync(image, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new OwnershipSourceException($"registry {image.Registry}: {e.Message}", e);
        }
        if (cached.Value is not { } meta) return new SourceResult(null, $"registry {image.Registry} has no image {image}", cached.Stale);
        var at = $"{image.Registry}/{image.Repository}@{meta.Digest}" + (meta.Platform is null ? "" : $" ({meta.Platform})");
        Claim<string>? Read(string key)
        {
            foreach (var (where, map) in new[] { ("manifest annotation", meta.ManifestAnnotations), ("index annotation", meta.IndexAnnotations), ("config label", meta.Labels) })
                if (map.TryGetValue(key, out var value) && value.Length > 0)
                    return new Claim<string>(value, Name, $"{where} {key} of {at}");
            return null;
        }
        var source = Read(SourceKey);
        var revision = Read(RevisionKey);
        var repository = source is not null && RepositoryUrl.TryParse(source.Value, out var repo, out var path) ? (source with { Value = repo }, path) : default;
        var facts = new OwnershipFacts
        {
            Repository = repository.Item1,
            RepositoryPath = repository.path is null ? null : source! with { Value = repository.path },
            Revision = revision,
        };
        return new SourceResult(facts.IsEmpty ? null : facts,
            facts.IsEmpty ? $"{at} has no {SourceKey} label or annotation" : $"{at}: {string.Join("; ", new[] { source, revision }.OfType<Claim<string>>().Select(c => $"{c.Why} = {c.Value}"))}",
            cached.Stale);
    }
}
