using System.Security.Cryptography;
using Hermes.Ownership.Caching;
using Hermes.Ownership.GitHub;
using Hermes.Ownership.Model;
using Hermes.Ownership.Resolution;
using Hermes.Ownership.Tests.Support;

namespace Hermes.Ownership.Tests.GitHub;

/// <summary>The GitHub source through Octokit against the GitHub double: files, CODEOWNERS, teams, ETags, rate limits, App auth.</summary>
public sealed class GitHubSourceTests : IAsyncLifetime
{
    private const string Sha = "3f2a1c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b";
    private static readonly CachePolicy Policy = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), TimeSpan.FromHours(24), 1000);
    private GitHubDouble _github = null!;
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        _github = await GitHubDouble.StartAsync();
        _github.File("acme/payments", ".github/CODEOWNERS", "# owners\n*       @acme/platform\n/deploy/ @acme/payments\n/docs/  docs@acme.example\n", Sha);
        _github.File("acme/payments", "CODEOWNERS", "* @acme/wrong-location\n", Sha);
        _github.File("acme/payments", "deploy/catalog-info.yaml", """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: payments-api
              annotations: {slack.com/bot-notify: "#payments", pagerduty.com/service-id: P123}
            spec: {type: service, owner: payments-team, system: payments}
            """, Sha);
        _github.Team("acme", "payments", 7, "bob", "carol");
        _github.Team("acme", "payments-team", 8, "dave");
        _github.User("bob", "bob@acme.example");
        _github.User("carol", null);
        _github.User("dave", "dave@acme.example");
    }

    public async Task DisposeAsync() => await _github.DisposeAsync();

    private GitHubApi Api(GitHubOptions? options = null) =>
        new(options ?? new GitHubOptions { Url = _github.Url.ToString(), Token = GitHubDouble.Token }, Policy, _time);

    private OwnershipFacts Found(string? path = null, string? revision = Sha) => new()
    {
        Repository = new Claim<string>($"{_github.Url.Authority}/acme/payments", "image", "label"),
        Revision = revision is null ? null : new Claim<string>(revision, "image", "label"),
        RepositoryPath = path is null ? null : new Claim<string>(path, "image", "label"),
    };

    [Fact]
    public async Task CodeOwners_OwnsTheServicePath_WithTheLineAsProvenance_AndTeamsBecomePeopleWithEmails()
    {
        var source = new GitHubSource(Api());
        var result = await source.LocateAsync(new WorkloadRef(), Found(), CancellationToken.None);
        var owners = Assert.IsAssignableFrom<IReadOnlyList<Owner>>(result.Facts!.Owners!.Value);
        Assert.Equal("team acme/platform", Assert.Single(owners).ToString());
        Assert.Equal("CODEOWNERS line 2 of acme/payments@3f2a1c9 (.github/CODEOWNERS): `*       @acme/platform` owns Dockerfile", result.Facts.Owners.Why);

        var resolver = new OwnershipResolver([new FixedSource(Found("deploy")), source], [], [source]);
        var answer = await resolver.ResolveAsync(new WorkloadRef(), CancellationToken.None);
        // deploy/ has a catalog-info.yaml: its owner wins over CODEOWNERS and is read as the GitHub team acme/payments-team.
        Assert.Equal("payments-api", answer.Facts.Service!.Value);
        Assert.Equal("#payments", answer.Facts.Channel!.Value);
        Assert.Equal("pagerduty:P123", answer.Facts.OnCall!.Value);
        var person = Assert.Single(answer.People);
        Assert.Equal(("dave", "dave@acme.example"), (person.Name, person.Email));
        Assert.Contains("GitHub user dave public email dave@acme.example", person.WhyOrEmpty);
    }

    [Fact]
    public async Task CodeOwners_ForAFolderWithoutCatalogInfo_ExpandsTheTeam()
    {
        _github.File("acme/payments", ".github/CODEOWNERS", "*  @acme/platform\n/svc/ @acme/payments docs@acme.example\n", "main");
        var source = new GitHubSource(Api());
        var resolver = new OwnershipResolver([new FixedSource(Found("svc", revision: null)), source], [], [source]);
        var answer = await resolver.ResolveAsync(new WorkloadRef(), CancellationToken.None);
        Assert.Contains("CODEOWNERS line 2 of acme/payments@default branch", answer.Facts.Owners!.Why, StringComparison.Ordinal);
        Assert.Equal(["bob <bob@acme.example>", "carol", "docs@acme.example"], answer.People.Select(p => p.ToString()));
    }

    [Fact]
    public async Task ExpiredEntries_AreRevalidatedWithETags_And304sCostNoRateLimit()
    {
        var api = Api();
        var source = new GitHubSource(api);
        await source.LocateAsync(new WorkloadRef(), Found(), CancellationToken.None);
        var first = _github.Total;
        var remaining = _github.RateLimitRemaining;
        await source.LocateAsync(new WorkloadRef(), Found(), CancellationToken.None);
        Assert.Equal(first, _github.Total); // within the TTL: no call at all

        _time.Advance(TimeSpan.FromMinutes(11));
        var stale = await source.LocateAsync(new WorkloadRef(), Found(), CancellationToken.None);
        Assert.True(stale.Stale); // served at once while one background fetch revalidates
        await WaitAsync(() => api.Files.IsFresh(("acme/payments", Sha, null)));
        Assert.Equal(1, _github.NotModifiedAnswers);
        // CODEOWNERS came back 304 (free); the missing catalog-info.yaml is a 404 again, which GitHub does charge.
        Assert.Equal(remaining - 1, _github.RateLimitRemaining);
        var fresh = await source.LocateAsync(new WorkloadRef(), Found(), CancellationToken.None);
        Assert.False(fresh.Stale);
        Assert.Equal("team acme/platform", Assert.Single(fresh.Facts!.Owners!.Value).ToString());
    }

    [Fact]
    public async Task SpentRateLimit_ServesWhatIsCached_AndStopsCallingUntilTheReset()
    {
        var api = Api();
        var source = new GitHubSource(api);
        await source.LocateAsync(new WorkloadRef(), Found(), CancellationToken.None);
        _github.RateLimitRemaining = 0;
        _github.File("acme/other", "CODEOWNERS", "* @acme/other\n", Sha);
        var other = Found() with { Repository = new Claim<string>($"{_github.Url.Authority}/acme/other", "image", "label") };
        var error = await Assert.ThrowsAsync<OwnershipSourceException>(async () => await source.LocateAsync(new WorkloadRef(), other, CancellationToken.None));
        Assert.Contains("rate limit spent until", error.Message, StringComparison.Ordinal);
        var calls = _github.Total;
        await Assert.ThrowsAsync<OwnershipSourceException>(async () => await source.LocateAsync(new WorkloadRef(), other, CancellationToken.None));
        Assert.Equal(calls, _github.Total); // no call while the limit is spent

        _time.Advance(TimeSpan.FromMinutes(11)); // past the TTL: the known repository is still answered, marked stale
        var stale = await source.LocateAsync(new WorkloadRef(), Found(), CancellationToken.None);
        Assert.True(stale.Stale);
        Assert.NotNull(stale.Facts!.Owners);
    }

    [Fact]
    public async Task GitHubApp_BuysAnInstallationTokenWithASignedJwt()
    {
        using var rsa = RSA.Create(2048);
        _github.AppKey = rsa;
        var key = Path.GetTempFileName();
        await File.WriteAllTextAsync(key, rsa.ExportPkcs8PrivateKeyPem());
        try
        {
            var source = new GitHubSource(Api(new GitHubOptions { Url = _github.Url.ToString(), AppId = _github.AppId, PrivateKeyPath = key, InstallationId = 99 }));
            var result = await source.LocateAsync(new WorkloadRef(), Found(), CancellationToken.None);
            Assert.NotNull(result.Facts!.Owners);
            Assert.Equal(1, _github.Requests["access_tokens"]);
        }
        finally
        {
            File.Delete(key);
        }
    }

    [Fact]
    public async Task BadCredentials_AreAnUnavailableSourceNotAnEmptyAnswer()
    {
        var source = new GitHubSource(Api(new GitHubOptions { Url = _github.Url.ToString(), Token = "wrong" }));
        var error = await Assert.ThrowsAsync<OwnershipSourceException>(async () => await source.LocateAsync(new WorkloadRef(), Found(), CancellationToken.None));
        Assert.Contains("Bad credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepositoriesElsewhere_AreNotLookedUp()
    {
        var source = new GitHubSource(Api());
        var result = await source.LocateAsync(new WorkloadRef(), new OwnershipFacts { Repository = new Claim<string>("gitlab.com/acme/x", "image", "label") }, CancellationToken.None);
        Assert.Null(result.Facts);
        Assert.Equal(0, _github.Total);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }
}

/// <summary>A source that always says the same (what an earlier source found).</summary>
internal sealed class FixedSource(OwnershipFacts facts, string name = "image") : IOwnershipSource
{
    public string Name => name;

    public ValueTask<SourceResult> LocateAsync(WorkloadRef workload, OwnershipFacts soFar, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new SourceResult(facts, "fixed"));
}
