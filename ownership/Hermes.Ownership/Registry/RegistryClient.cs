using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Hermes.Ownership.Registry;

/// <summary>
/// Reads an image's labels and annotations through the OCI Distribution API (Registry HTTP API v2): the manifest
/// with content negotiation (OCI and Docker media types, indexes and manifest lists), the configured platform's
/// manifest under an index, then the config blob. Authentication follows the registry's challenge. Content
/// fetched by digest is checked against its digest.
/// </summary>
public sealed class RegistryClient
{
    private const string OciIndex = "application/vnd.oci.image.index.v1+json";
    private const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    private const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    private static readonly string[] Accepted = [OciIndex, DockerList, OciManifest, DockerManifest];
    private const int MaxDocumentBytes = 4 << 20;

    private readonly HttpClient _http;
    private readonly RegistryOptions _options;
    private readonly RegistryAuth _auth;

    public RegistryClient(HttpClient http, RegistryOptions options, TimeProvider time)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _auth = new RegistryAuth(http, options, time ?? throw new ArgumentNullException(nameof(time)));
    }

    /// <summary>The image's metadata, or null when the registry has no such image (404).</summary>
    public async Task<ImageMetadata?> InspectAsync(ImageReference image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var top = await GetAsync(image, $"manifests/{image.Reference}", Accepted, image.Digest, cancellationToken).ConfigureAwait(false);
        if (top is null) return null;
        using var topJson = JsonDocument.Parse(top.Value.Body);
        var mediaType = MediaType(topJson.RootElement, top.Value.ContentType);
        var indexAnnotations = new Dictionary<string, string>();
        string? platform = null;
        var digest = top.Value.Digest;
        var manifestBody = top.Value.Body;
        if (mediaType is OciIndex or DockerList)
        {
            indexAnnotations = Strings(topJson.RootElement, "annotations");
            var (chosen, chosenPlatform) = ChoosePlatform(topJson.RootElement, _options.Platform)
                ?? throw new HttpRequestException($"{image}: the index has no manifest for {_options.Platform}");
            platform = chosenPlatform;
            var manifest = await GetAsync(image, $"manifests/{chosen}", [OciManifest, DockerManifest], chosen, cancellationToken).ConfigureAwait(false)
                ?? throw new HttpRequestException($"{image}: the index names {chosen} but the registry does not have it");
            digest = chosen;
            manifestBody = manifest.Body;
        }
        using var manifestJson = JsonDocument.Parse(manifestBody);
        var root = manifestJson.RootElement;
        var labels = new Dictionary<string, string>();
        if (root.TryGetProperty("config", out var config) && config.TryGetProperty("digest", out var configDigest) && configDigest.GetString() is { } cd)
        {
            var blob = await GetAsync(image, $"blobs/{cd}", ["application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json", "*/*"], cd, cancellationToken).ConfigureAwait(false)
                ?? throw new HttpRequestException($"{image}: config blob {cd} is missing");
            using var configJson = JsonDocument.Parse(blob.Body);
            if (configJson.RootElement.TryGetProperty("config", out var inner)) labels = Strings(inner, "Labels");
        }
        return new ImageMetadata(digest, platform, labels, Strings(root, "annotations"), indexAnnotations);
    }

    private async Task<(byte[] Body, string? ContentType, string Digest)?> GetAsync(ImageReference image, string path, string[] accept, string? expectedDigest, CancellationToken cancellationToken)
    {
        var scheme = _options.PlainHttp.Contains(image.Registry, StringComparer.OrdinalIgnoreCase) ? "http" : "https";
        var uri = new Uri($"{scheme}://{image.ApiHost}/v2/{image.Repository}/{path}");
        var scope = $"repository:{image.Repository}:pull";
        var authorization = _auth.Known(image.Registry, scope);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            foreach (var type in accept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            request.Headers.Authorization = authorization;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                authorization = await _auth.AnswerAsync(response, image.Registry, scope, cancellationToken).ConfigureAwait(false)
                    ?? throw new HttpRequestException($"{image.Registry} wants credentials (configure Ownership:Registry:Credentials:{image.Registry})", null, response.StatusCode);
                continue;
            }
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            if (response.Content.Headers.ContentLength > MaxDocumentBytes) throw new HttpRequestException($"{uri}: document larger than {MaxDocumentBytes} bytes");
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
            if (expectedDigest is not null && expectedDigest.StartsWith("sha256:", StringComparison.Ordinal) && digest != expectedDigest)
                throw new HttpRequestException($"{uri}: content digest {digest} does not match {expectedDigest}");
            var headerDigest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
            return (body, response.Content.Headers.ContentType?.MediaType, expectedDigest ?? headerDigest ?? digest);
        }
    }

    private static string? MediaType(JsonElement root, string? contentType) =>
        root.TryGetProperty("mediaType", out var m) && m.GetString() is { } type ? type : contentType;

    /// <summary>The manifest for the platform (<c>os/arch[/variant]</c>); attestation entries (unknown/unknown) are skipped.</summary>
    internal static (string Digest, string Platform)? ChoosePlatform(JsonElement index, string wanted)
    {
        var parts = wanted.Split('/');
        (string Digest, string Platform)? fallback = null;
        foreach (var m in index.GetProperty("manifests").EnumerateArray())
        {
            var digest = m.GetProperty("digest").GetString()!;
            if (!m.TryGetProperty("platform", out var p)) continue;
            var os = p.TryGetProperty("os", out var o) ? o.GetString() : null;
            var arch = p.TryGetProperty("architecture", out var a) ? a.GetString() : null;
            var variant = p.TryGetProperty("variant", out var v) ? v.GetString() : null;
            var name = variant is null ? $"{os}/{arch}" : $"{os}/{arch}/{variant}";
            if (os == parts[0] && arch == parts.ElementAtOrDefault(1) && (parts.Length < 3 || variant == parts[2])) return (digest, name);
            if (os == parts[0] && arch == parts.ElementAtOrDefault(1)) fallback ??= (digest, name);
        }
        return fallback;
    }

    private static Dictionary<string, string> Strings(JsonElement element, string property)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var map) && map.ValueKind == JsonValueKind.Object)
            foreach (var item in map.EnumerateObject())
                if (item.Value.ValueKind == JsonValueKind.String) result[item.Name] = item.Value.GetString()!;
        return result;
    }
}
