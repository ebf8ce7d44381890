using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Hermes.Collector.State;
using Hermes.Rules.Fields;

namespace Hermes.Collector.Containers;

/// <summary>
/// Reads container metadata from the Docker Engine API on its unix socket (Docker's <c>/var/run/docker.sock</c>,
/// or podman's compatible <c>/run/podman/podman.sock</c>): name, image, repository, tag, digest, labels (including
/// Kubernetes' <c>io.kubernetes.pod.*</c> and <c>io.kubernetes.sandbox.id</c>), privileged, mounts, start time, the
/// container's address and its health check.
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
            using var doc = await ContainerJsonAsync(id, cancellationToken).ConfigureAwait(false);
            if (doc is null) return null;
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
            // A container that joined another's network (a pod's infra container, --network container:ID) has the
            // address of that one: one more lookup, not followed further.
            var ip = AddressOf(root);
            if (ip is null && host.ValueKind == JsonValueKind.Object && Text(host, "NetworkMode") is { } mode && mode.StartsWith("container:", StringComparison.Ordinal))
            {
                using var other = await ContainerJsonAsync(mode["container:".Length..], cancellationToken).ConfigureAwait(false);
                ip = other is null ? null : AddressOf(other.RootElement);
            }
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
                Ip = ip,
                Healthcheck = HealthcheckOf(config),
                PodLabels = labels.Where(kv => !kv.Key.StartsWith("io.kubernetes.", StringComparison.Ordinal) && !kv.Key.StartsWith("annotation.", StringComparison.Ordinal))
                    .ToDictionary(kv => kv.Key, kv => kv.Value),
            };
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    private async Task<JsonDocument?> ContainerJsonAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri($"containers/{Uri.EscapeDataString(id)}/json", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return null;
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // NetworkSettings.IPAddress is the default bridge's address; a container only on other networks (a user-defined
    // Docker network, podman's named networks) has its addresses under Networks, the first of which is taken.
    private static IpAddressValue? AddressOf(JsonElement root)
    {
        if (!root.TryGetProperty("NetworkSettings", out var network) || network.ValueKind != JsonValueKind.Object) return null;
        if (Text(network, "IPAddress") is { Length: > 0 } primary && IpAddressValue.TryParse(primary, out var address)) return address;
        if (!network.TryGetProperty("Networks", out var networks) || networks.ValueKind != JsonValueKind.Object) return null;
        foreach (var attached in networks.EnumerateObject())
            if (attached.Value.ValueKind == JsonValueKind.Object && Text(attached.Value, "IPAddress") is { Length: > 0 } text && IpAddressValue.TryParse(text, out address))
                return address;
        return null;
    }

    /// <summary>
    /// Config.Healthcheck.Test as Falco renders it: <c>["CMD", exe, args…]</c> is the command (each word without a pair
    /// of surrounding quotes), <c>["CMD-SHELL", command]</c> is <c>/bin/sh -c command</c>, <c>["NONE"]</c> (the image's
    /// check switched off) is <c>NONE</c>; null when there is no check or it cannot be read.
    /// </summary>
    internal static string? HealthcheckOf(JsonElement config)
    {
        if (!config.TryGetProperty("Healthcheck", out var check) || check.ValueKind != JsonValueKind.Object ||
            !check.TryGetProperty("Test", out var test) || test.ValueKind != JsonValueKind.Array || test.GetArrayLength() == 0)
            return null;
        var words = test.EnumerateArray().Select(w => w.ValueKind == JsonValueKind.String ? w.GetString() ?? "" : w.GetRawText()).ToList();
        return words[0] switch
        {
            "NONE" when words.Count == 1 => "NONE",
            "CMD" when words.Count > 1 => string.Join(' ', words.Skip(1).Select(Unquoted)),
            "CMD-SHELL" when words.Count > 1 => "/bin/sh -c " + words[1],
            _ => null,
        };
    }

    private static string Unquoted(string word)
    {
        while (word.Length >= 2 && word[0] is '"' or '\'' && word[^1] == word[0]) word = word[1..^1];
        return word;
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
