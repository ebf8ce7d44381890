using Hermes.Ownership.Aws;
using Hermes.Ownership.Caching;
using Hermes.Ownership.Model;
using Hermes.Ownership.Resolution;
using Hermes.Ownership.Tests.Support;

namespace Hermes.Ownership.Tests.Aws;

/// <summary>AWS tags for ECR images through SigV4-signed calls to the AWS double.</summary>
public sealed class AwsSourceTests : IAsyncLifetime
{
    private const string Repo = "arn:aws:ecr:eu-west-1:123456789012:repository/acme/payments-api";
    private const string Image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/payments-api:1.4";
    private static readonly CachePolicy Policy = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), 100);
    private AwsDouble _aws = null!;

    public async Task InitializeAsync()
    {
        _aws = await AwsDouble.StartAsync(new() { ["AKIDHERMES"] = "hermes/secret/key" });
        _aws.ResourceTags[Repo] = new Dictionary<string, string> { ["service"] = "payments-api", ["team"] = "payments", ["repository"] = "https://github.com/acme/payments" };
        _aws.AccountTags["123456789012"] = new Dictionary<string, string> { ["criticality"] = "tier-1", ["slack-channel"] = "#payments-aws" };
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    private AwsSource Source(string secret = "hermes/secret/key", string? token = null) => new(
        new AwsTagsClient(new HttpClient(), _ => Task.FromResult(new AwsCredentials("AKIDHERMES", secret, token)), _aws.Url.ToString(), TimeProvider.System),
        new AwsOptions { Enabled = true }, Policy, TimeProvider.System);

    [Fact]
    public async Task EcrImage_RepositoryTagsThenAccountTags_WithTheTagAsProvenance_Cached()
    {
        var source = Source(token: "session-token");
        var result = await source.LocateAsync(new WorkloadRef(Image: Image), new OwnershipFacts(), CancellationToken.None);
        var facts = result.Facts!;
        Assert.Equal(("payments-api", $"tag service=payments-api on {Repo}"), (facts.Service!.Value, facts.Service.Why));
        Assert.Equal("github.com/acme/payments", facts.Repository!.Value);
        Assert.Equal("team group:payments", Assert.Single(facts.Owners!.Value).ToString());
        Assert.Equal(("tier-1", "tag criticality=tier-1 on account 123456789012"), (facts.Criticality!.Value, facts.Criticality.Why));
        Assert.Equal("#payments-aws", facts.Channel!.Value);
        await source.LocateAsync(new WorkloadRef(Image: Image), new OwnershipFacts(), CancellationToken.None);
        Assert.Equal(2, _aws.Calls.Count);
    }

    [Fact]
    public async Task UntaggedInTheTaggingApi_FallsBackToEcrsOwnTags()
    {
        const string other = "arn:aws:ecr:eu-west-1:123456789012:repository/acme/legacy";
        _aws.EcrTags[other] = new Dictionary<string, string> { ["owner"] = "legacy@acme.example" };
        var result = await Source().LocateAsync(new WorkloadRef(Image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/legacy:1"), new OwnershipFacts(), CancellationToken.None);
        Assert.Equal("legacy@acme.example", Assert.Single(result.Facts!.Owners!.Value).Email);
        Assert.Contains("AmazonEC2ContainerRegistry_V20150921.ListTagsForResource", _aws.Calls);
    }

    [Fact]
    public async Task AWrongSecret_IsRefusedByTheSignatureCheck_AndReportedAsUnavailable()
    {
        var error = await Assert.ThrowsAsync<OwnershipSourceException>(async () =>
            await Source(secret: "wrong").LocateAsync(new WorkloadRef(Image: Image), new OwnershipFacts(), CancellationToken.None));
        Assert.Contains("InvalidSignatureException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImagesOutsideEcr_AreNotLookedUp()
    {
        var result = await Source().LocateAsync(new WorkloadRef(Image: "ghcr.io/acme/x:1"), new OwnershipFacts(), CancellationToken.None);
        Assert.Null(result.Facts);
        Assert.Empty(_aws.Calls);
    }

    [Fact]
    public async Task TheSdkCredentialChain_SuppliesTheKeys()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDHERMES");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "hermes/secret/key");
        try
        {
            var service = OwnershipService.Create(new OwnershipOptions { Registry = new() { Enabled = false }, Aws = new() { Enabled = true, Endpoint = _aws.Url.ToString() } },
                TimeProvider.System, new HttpClient());
            var answer = await service.ResolveAsync(new WorkloadRef(Image: Image), CancellationToken.None);
            Assert.Equal("payments-api", answer.Facts.Service!.Value);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", null);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
        }
    }
}
