namespace Hermes.Ownership.Registry;

/// <summary>
/// An image reference as container runtimes write it, normalised like Docker: <c>nginx</c> is
/// <c>docker.io/library/nginx:latest</c>; the first component is a registry only when it has a dot, a colon or is
/// <c>localhost</c>.
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    /// <summary>The tag or digest to ask the registry for (the digest when both are given: it is exact).</summary>
    public string Reference => Digest ?? Tag ?? "latest";

    /// <summary>Where the Registry HTTP API is: Docker Hub's API host differs from its name.</summary>
    public string ApiHost => Registry == "docker.io" ? "registry-1.docker.io" : Registry;

    public static bool TryParse(string? text, out ImageReference image)
    {
        image = new ImageReference("", "", null, null);
        if (string.IsNullOrWhiteSpace(text)) return false;
        var rest = text.Trim();
        string? digest = null, tag = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!digest.Contains(':', StringComparison.Ordinal)) return false;
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var registry = "docker.io";
        if (slash > 0 && (rest[..slash].Contains('.', StringComparison.Ordinal) || rest[..slash].Contains(':', StringComparison.Ordinal) || rest[..slash] == "localhost"))
        {
            registry = rest[..slash];
            rest = rest[(slash + 1)..];
        }
        var colon = rest.LastIndexOf(':');
        if (colon > 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }
        if (rest.Length == 0 || rest.Any(c => char.IsUpper(c) || char.IsWhiteSpace(c)) || (tag is not null && tag.Length == 0)) return false;
        if (registry == "docker.io" && !rest.Contains('/', StringComparison.Ordinal)) rest = "library/" + rest;
        image = new ImageReference(registry, rest, tag ?? (digest is null ? "latest" : null), digest);
        return true;
    }

    public override string ToString() => $"{Registry}/{Repository}" + (Tag is null ? "" : $":{Tag}") + (Digest is null ? "" : $"@{Digest}");
}
