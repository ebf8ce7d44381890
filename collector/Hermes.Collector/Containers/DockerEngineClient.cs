using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Hermes.Collector.State;

namespace Hermes.Collector.Containers;

/// <summary>
/// Reads container metadata from the Docker Engine API on its unix socket (Docker's <c>/var/run/docker.sock</c>,
/// or podman's compatible <c>/run/podman/podman.sock</c>): name, image, repository, tag, digest, labels (including
/// Kubernetes' <c>io.kubernetes.pod.*</c>), privileged, mounts and start time.
/// </summary>
public sealed class DockerEngineClient : IContainerRuntime
{
    private readonly HttpClient _http;

    public DockerEngineClient(string socketPath, TimeSpan timeout)
    {
        SocketPath = socketPath;
        var handler = UnixSocketHandler.For(socketPath);
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/v1.41/"), Timeout = timeout };
    }

    public string SocketPath { get; }

    public string Endpoint => "docker:" + SocketPath;

    /// <summary>Inspects a container; null when the runtime does not know it or cannot be reached.</summary>
    public async Task<ContainerInfo?> InspectAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri($"containers/{id}/json", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return null;
            using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = doc.RootElement;
            var config = root.GetProperty("Config");
            var image = Text(config, "Image");
            var imageId = Text(root, "Image");
            var (repository, tag) = SplitImage(image);
            var labels = config.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object
                ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty)
                : [];
            var mounts = root.TryGetProperty("Mounts", out var m) && m.ValueKind == JsonValueKind.Array
                ? m.EnumerateArray().Select(x => new ContainerMount(Text(x, "Source") ?? "", Text(x, "Destination") ?? "", Text(x, "Mode") ?? "",
                    x.TryGetProperty("RW", out var rw) && rw.ValueKind == JsonValueKind.True, Text(x, "Propagation") ?? "")).ToList()
                : [];
            var started = root.TryGetProperty("State", out var state) && Text(state, "StartedAt") is { } at &&
                          DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var startedAt)
                ? (startedAt - DateTimeOffset.UnixEpoch).Ticks * 100 : 0;
            var privileged = root.TryGetProperty("HostConfig", out var host) && host.TryGetProperty("Privileged", out var p) && p.ValueKind == JsonValueKind.True;
            return new ContainerInfo
            {
                Id = Text(root, "Id") ?? id,
                Name = Text(root, "Name")?.TrimStart('/'),
                Image = image,
                ImageId = imageId,
                ImageRepository = repository,
                ImageTag = tag,
                ImageDigest = imageId is null ? null : await DigestAsync(imageId, repository, cancellationToken).ConfigureAwait(false),
                Runtime = SocketPath.Contains("podman", StringComparison.Ordinal) ? "podman" : "docker",
                Privileged = privileged,
                StartTimeNs = started,
                Labels = labels,
                Mounts = mounts,
                PodLabels = labels.Where(kv => !kv.Key.StartsWith("io.kubernetes.", StringComparison.Ordinal) && !kv.Key.StartsWith("annotation.", StringComparison.Ordinal))
                    .ToDictionary(kv => kv.Key, kv => kv.Value),
            };
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    // The repo digest names the content the registry serves; fall back to the image id.
    private async Task<string?> DigestAsync(string imageId, string? repository, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri($"images/{imageId}/json", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return null;
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (doc.RootElement.TryGetProperty("RepoDigests", out var digests) && digests.ValueKind == JsonValueKind.Array)
        {
            foreach (var digest in digests.EnumerateArray().Select(d => d.GetString() ?? string.Empty))
            {
                var at = digest.IndexOf('@', StringComparison.Ordinal);
                if (at > 0 && (repository is null || digest[..at] == repository)) return digest[(at + 1)..];
            }
        }
        return imageId.StartsWith("sha256:", StringComparison.Ordinal) ? imageId : "sha256:" + imageId;
    }

    /// <summary>Splits <c>registry:5000/team/app:1.2</c> or <c>app@sha256:…</c> into repository and tag.</summary>
    public static (string? Repository, string? Tag) SplitImage(string? image)
    {
        if (string.IsNullOrEmpty(image)) return (null, null);
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at > 0) image = image[..at];
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public void Dispose() => _http.Dispose();
}
