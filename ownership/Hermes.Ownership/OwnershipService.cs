using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Hermes.Ownership.Aws;
using Hermes.Ownership.Caching;
using Hermes.Ownership.Catalog;
using Hermes.Ownership.GitHub;
using Hermes.Ownership.Kubernetes;
using Hermes.Ownership.Model;
using Hermes.Ownership.Registry;
using Hermes.Ownership.Resolution;
using Hermes.Ownership.Slack;

namespace Hermes.Ownership;

/// <summary>
/// The ownership service assembled from <see cref="OwnershipOptions"/>: every configured source in run order and the
/// people sources (GitHub, catalog, then the chat directory), each with its own cache.
/// </summary>
public sealed class OwnershipService
{
    private static readonly Dictionary<string, CachePolicy> Defaults = new()
    {
        ["kubernetes"] = new(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 50_000),
        // Digests never change; tags rarely, and the alert's digest is used when it has one.
        ["image"] = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), 20_000),
        ["github"] = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2), TimeSpan.FromDays(1), 20_000),
        ["aws"] = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), 20_000),
        ["slack"] = new(TimeSpan.FromHours(24), TimeSpan.FromMinutes(10), TimeSpan.FromDays(7), 50_000),
    };

    private readonly OwnershipResolver _resolver;

    private OwnershipService(OwnershipResolver resolver) => _resolver = resolver;

    public Task<OwnershipAnswer> ResolveAsync(WorkloadRef workload, CancellationToken cancellationToken) => _resolver.ResolveAsync(workload, cancellationToken);

    /// <param name="http">For registries and AWS (and, through its handler, nothing else).</param>
    /// <param name="gitHubHandler">Replaces Octokit's default handler (tests, proxies).</param>
    public static OwnershipService Create(OwnershipOptions options, TimeProvider time, HttpClient http, IChatDirectory? chat = null,
        HttpMessageHandler? gitHubHandler = null, Func<CancellationToken, Task<AwsCredentials>>? awsCredentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(http);
        var unknown = options.Precedence.Except(["catalog", "kubernetes", "github", "aws", "image", "naming"], StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Ownership:Precedence names unknown source(s): {string.Join(", ", unknown)}");
        CachePolicy Policy(string source)
        {
            var d = Defaults[source];
            return options.Cache.TryGetValue(source, out var c)
                ? new CachePolicy(c.Ttl ?? d.Ttl, c.NegativeTtl ?? d.NegativeTtl, c.ServeStaleFor ?? d.ServeStaleFor, c.Capacity ?? d.Capacity) : d;
        }

        var sources = new List<IOwnershipSource>();
        var people = new List<IPeopleSource>();
        KubernetesApi? kube = null;
        if (options.Kubernetes.Api)
        {
            var config = options.Kubernetes.Server is { } server ? new k8s.KubernetesClientConfiguration { Host = server }
                : k8s.KubernetesClientConfiguration.IsInCluster() ? k8s.KubernetesClientConfiguration.InClusterConfig()
                : k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile();
            kube = new KubernetesApi(new k8s.Kubernetes(config), Policy("kubernetes"), time);
        }
        sources.Add(new KubernetesSource(options.Kubernetes.Keys, kube));
        if (options.Registry.Enabled)
            sources.Add(new ImageSource(new RegistryClient(http, options.Registry, time), Policy("image"), time));
        if (options.Aws.Enabled)
            sources.Add(new AwsSource(new AwsTagsClient(http, awsCredentials ?? SdkCredentialsAsync, options.Aws.Endpoint, time), options.Aws, Policy("aws"), time));
        sources.Add(new NamingConventionSource(options.NamingConventions));
        var catalogSource = new CatalogSource(new CatalogFile(options.CatalogPath));
        sources.Add(catalogSource);
        if (options.GitHub.IsConfigured)
        {
            var source = new GitHubSource(new GitHubApi(options.GitHub, Policy("github"), time, gitHubHandler));
            sources.Add(source);
            people.Add(source);
        }
        people.Add(catalogSource);
        if (chat is not null) people.Add(new SlackIdentitySource(chat, Policy("slack"), time));
        return new OwnershipService(new OwnershipResolver(sources, options.Precedence, people));
    }

    // AWSSDK.Core's default chain: environment, shared profile, web identity (IRSA), ECS container, EC2 instance role.
    private static async Task<AwsCredentials> SdkCredentialsAsync(CancellationToken cancellationToken)
    {
        var credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentials().GetCredentialsAsync().ConfigureAwait(false);
        return new AwsCredentials(credentials.AccessKey, credentials.SecretKey, string.IsNullOrEmpty(credentials.Token) ? null : credentials.Token);
    }
}
