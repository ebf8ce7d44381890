using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Hermes.Ownership.Tests.Support;

/// <summary>
/// Writes OCI image layouts (the format skopeo copies from with <c>oci:DIR:REF</c>): a one-file layer, a config with
/// labels, a manifest with annotations, and optionally an index over several platforms with its own annotations.
/// </summary>
public static class OciLayout
{
    public sealed record Platform(string Os, string Architecture, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string>? Annotations = null);

    /// <summary>A single-platform image tagged <paramref name="reference"/>; returns the manifest digest.</summary>
    public static string WriteImage(string dir, string reference, Platform platform)
    {
        Init(dir);
        var (digest, size) = WriteManifest(dir, platform);
        WriteIndexJson(dir, new JsonObject { ["mediaType"] = "application/vnd.oci.image.manifest.v1+json", ["digest"] = digest, ["size"] = size, ["annotations"] = Ref(reference) });
        return digest;
    }

    /// <summary>A multi-platform index tagged <paramref name="reference"/>; returns the index digest.</summary>
    public static string WriteIndex(string dir, string reference, IReadOnlyDictionary<string, string> indexAnnotations, params Platform[] platforms)
    {
        Init(dir);
        var manifests = new JsonArray();
        foreach (var p in platforms)
        {
            var (digest, size) = WriteManifest(dir, p);
            manifests.Add(new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json", ["digest"] = digest, ["size"] = size,
                ["platform"] = new JsonObject { ["os"] = p.Os, ["architecture"] = p.Architecture },
            });
        }
        var index = new JsonObject
        {
            ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = manifests,
            ["annotations"] = Map(indexAnnotations),
        };
        var (indexDigest, indexSize) = Blob(dir, Encoding.UTF8.GetBytes(index.ToJsonString()));
        WriteIndexJson(dir, new JsonObject { ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["digest"] = indexDigest, ["size"] = indexSize, ["annotations"] = Ref(reference) });
        return indexDigest;
    }

    private static (string Digest, long Size) WriteManifest(string dir, Platform p)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"hello from {p.Os}/{p.Architecture}\n")) };
            writer.WriteEntry(entry);
        }
        var uncompressed = tar.ToArray();
        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(uncompressed);
        var (layerDigest, layerSize) = Blob(dir, gz.ToArray());
        var config = new JsonObject
        {
            ["architecture"] = p.Architecture, ["os"] = p.Os,
            ["config"] = new JsonObject { ["Labels"] = Map(p.Labels), ["Cmd"] = new JsonArray("/hello") },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray("sha256:" + Convert.ToHexStringLower(SHA256.HashData(uncompressed))) },
        };
        var (configDigest, configSize) = Blob(dir, Encoding.UTF8.GetBytes(config.ToJsonString()));
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest, ["size"] = configSize },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip", ["digest"] = layerDigest, ["size"] = layerSize }),
        };
        if (p.Annotations is { Count: > 0 } annotations) manifest["annotations"] = Map(annotations);
        return Blob(dir, Encoding.UTF8.GetBytes(manifest.ToJsonString()));
    }

    private static void Init(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(dir, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
    }

    private static void WriteIndexJson(string dir, JsonObject descriptor) =>
        File.WriteAllText(Path.Combine(dir, "index.json"), new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(descriptor) }.ToJsonString());

    private static (string Digest, long Size) Blob(string dir, byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        File.WriteAllBytes(Path.Combine(dir, "blobs", "sha256", hex), content);
        return ("sha256:" + hex, content.Length);
    }

    private static JsonObject Ref(string reference) => new() { ["org.opencontainers.image.ref.name"] = reference };

    private static JsonObject Map(IReadOnlyDictionary<string, string> values) => new(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
}
