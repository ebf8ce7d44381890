using Hermes.Ownership.Aws;
using Hermes.Ownership.GitHub;
using Hermes.Ownership.Kubernetes;
using Hermes.Ownership.Registry;

namespace Hermes.Ownership;

/// <summary>
/// <c>Ownership:*</c>: which sources run and how they are trusted. Sources run in a fixed order (kubernetes,
/// image, aws, naming, catalog, github: each can use what the earlier found); <see cref="Precedence"/> says whose
/// answer wins when two disagree.
/// </summary>
public sealed record OwnershipOptions
{
    /// <summary>A Backstage catalog file or folder of YAML files.</summary>
    public string? CatalogPath { get; init; }

    public IReadOnlyList<string> Precedence { get; init; } = ["catalog", "kubernetes", "github", "aws", "image", "naming"];

    public IReadOnlyList<string> NamingConventions { get; init; } = [];

    public KubernetesSettings Kubernetes { get; init; } = new();

    public RegistryOptions Registry { get; init; } = new();

    /// <summary>GitHub is asked only when a token or an App is configured, or <see cref="GitHubOptions.Enabled"/>.</summary>
    public GitHubOptions GitHub { get; init; } = new();

    public AwsOptions Aws { get; init; } = new();

    /// <summary>Per source (kubernetes, image, github, aws, slack): TTL, negative TTL, how long stale answers may stand in, capacity.</summary>
    public IReadOnlyDictionary<string, CacheSettings> Cache { get; init; } = new Dictionary<string, CacheSettings>();
}

public sealed record KubernetesSettings
{
    /// <summary>Read pod annotations and namespace metadata from the Kubernetes API (in-cluster, else the kubeconfig).</summary>
    public bool Api { get; init; }

    /// <summary>The API server, overriding in-cluster/kubeconfig discovery (used by tests against a double).</summary>
    public string? Server { get; init; }

    public KubernetesKeys Keys { get; init; } = new();
}

public sealed record CacheSettings
{
    public TimeSpan? Ttl { get; init; }

    public TimeSpan? NegativeTtl { get; init; }

    public TimeSpan? ServeStaleFor { get; init; }

    public int? Capacity { get; init; }
}
