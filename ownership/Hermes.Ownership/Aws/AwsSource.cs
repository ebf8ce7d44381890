using Hermes.Ownership.Caching;
using Hermes.Ownership.Kubernetes;
using Hermes.Ownership.Model;
using Hermes.Ownership.Registry;
using Hermes.Ownership.Resolution;

namespace Hermes.Ownership.Aws;

/// <summary>
/// Ownership from AWS tags for images in ECR (<c>ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO</c>): the repository's
/// tags (Resource Groups Tagging API, else ECR's own ListTagsForResource), then the account's tags
/// (Organizations) for what the repository does not say. Cached per ARN.
/// </summary>
public sealed class AwsSource : IOwnershipSource
{
    private readonly AwsTagsClient _client;
    private readonly AwsOptions _options;
    private readonly SourceCache<string, TagSet> _cache;

    public AwsSource(AwsTagsClient client, AwsOptions options, CachePolicy policy, TimeProvider time)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _cache = new SourceCache<string, TagSet>(policy, time);
    }

    public string Name => "aws";

    public async ValueTask<SourceResult> LocateAsync(WorkloadRef workload, OwnershipFacts soFar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (!ImageReference.TryParse(workload.Image, out var image) || EcrHost(image.Registry) is not var (account, region))
            return SourceResult.Nothing("the image is not in ECR");
        var repoArn = $"arn:aws:ecr:{region}:{account}:repository/{image.Repository}";
        var stale = false;
        async Task<(IReadOnlyDictionary<string, string> Tags, string Where)> Tags(string key, Func<CancellationToken, Task<IReadOnlyDictionary<string, string>>> fetch, string where)
        {
            try
            {
                var cached = await _cache.GetAsync(key, async (_, ct) => new TagSet(await fetch(ct).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                stale |= cached.Stale;
                return (cached.Value?.Tags ?? new Dictionary<string, string>(), where);
            }
            catch (HttpRequestException e)
            {
                throw new OwnershipSourceException(e.Message, e);
            }
        }
        var repoTags = await Tags($"tagging {repoArn}", ct => _client.ResourceTagsAsync(repoArn, region, ct), repoArn).ConfigureAwait(false);
        if (repoTags.Tags.Count == 0) repoTags = await Tags($"ecr {repoArn}", ct => _client.EcrRepositoryTagsAsync(repoArn, region, ct), repoArn).ConfigureAwait(false);
        var places = new List<(IReadOnlyDictionary<string, string> Tags, string Where)> { repoTags };
        if (_options.AccountTags) places.Add(await Tags($"account {account}", ct => _client.AccountTagsAsync(account, ct), $"account {account}").ConfigureAwait(false));

        Claim<string>? Find(IReadOnlyList<string> keys)
        {
            foreach (var (tags, where) in places)
                foreach (var key in keys)
                    if (tags.TryGetValue(key, out var value) && value.Length > 0) return new Claim<string>(value, Name, $"tag {key}={value} on {where}");
            return null;
        }
        var keys = _options.TagKeys;
        var owner = Find(keys.Owner);
        var repository = Find(keys.Repository);
        var facts = new OwnershipFacts
        {
            Service = Find(keys.Service),
            Owners = owner is null ? null : new Claim<IReadOnlyList<Owner>>([KubernetesSource.ParseOwner(owner.Value)], Name, owner.Why),
            Channel = Find(keys.Channel),
            Repository = repository is not null && RepositoryUrl.TryParse(repository.Value, out var repo, out _) ? repository with { Value = repo } : null,
            Criticality = Find(keys.Criticality),
        };
        var total = places.Sum(p => p.Tags.Count);
        return new SourceResult(facts.IsEmpty ? null : facts,
            facts.IsEmpty ? $"{total} tag(s) on {string.Join(" and ", places.Select(p => p.Where))}, none about ownership"
                : string.Join("; ", new[] { facts.Service, facts.Channel, facts.Criticality, repository, owner }.OfType<Claim<string>>().Select(c => c.Why)), stale);
    }

    /// <summary><c>123456789012.dkr.ecr.eu-west-1.amazonaws.com</c> → (account, region).</summary>
    internal static (string Account, string Region)? EcrHost(string registry)
    {
        var parts = registry.Split('.');
        return parts.Length >= 6 && parts[1] == "dkr" && parts[2] == "ecr" && parts[0].Length == 12 && parts[0].All(char.IsAsciiDigit)
            ? (parts[0], parts[3]) : null;
    }

    private sealed record TagSet(IReadOnlyDictionary<string, string> Tags);
}
