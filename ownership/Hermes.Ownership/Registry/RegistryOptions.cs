namespace Hermes.Ownership.Registry;

/// <summary>
/// How to reach registries (<c>Ownership:Registry:*</c>): credentials per registry host, hosts spoken to over
/// plain HTTP (a registry on loopback or inside the cluster), and the platform chosen from multi-platform indexes.
/// </summary>
public sealed record RegistryOptions
{
    /// <summary>Whether images' labels are read from their registries at all.</summary>
    public bool Enabled { get; init; } = true;

    public IReadOnlyDictionary<string, RegistryCredential> Credentials { get; init; } = new Dictionary<string, RegistryCredential>();

    public IReadOnlyList<string> PlainHttp { get; init; } = [];

    /// <summary><c>os/architecture[/variant]</c>, e.g. <c>linux/arm64/v8</c>.</summary>
    public string Platform { get; init; } = "linux/amd64";
}

public sealed record RegistryCredential(string Username, string Password);
