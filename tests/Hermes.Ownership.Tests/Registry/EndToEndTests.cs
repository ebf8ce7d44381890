using System.Collections.Concurrent;
using Hermes.Ownership.Model;
using Hermes.Ownership.Slack;
using Hermes.Ownership.Tests.Support;

namespace Hermes.Ownership.Tests.Registry;

/// <summary>
/// Image → repository → owners → Slack, end to end: an image in the real registry whose label names a repository
/// on the GitHub double, whose CODEOWNERS names a team, whose members' emails the chat directory knows.
/// </summary>
public sealed class EndToEndTests(RegistryFixture registries) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task ImageLabel_Codeowners_TeamMembers_SlackIds_WithProvenance_AndOneRegistryLookupFor500Alerts()
    {
        await using var github = await GitHubDouble.StartAsync();
        const string revision = "3f2a1c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b";
        github.File("acme/payments", ".github/CODEOWNERS", "*        @acme/platform\n/deploy/ @acme/payments\n", revision);
        github.Team("acme", "platform", 11, "bob", "carol");
        github.User("bob", "bob@acme.example");
        github.User("carol", "carol@acme.example");
        using var layout = new TempDir();
        OciLayout.WriteImage(layout.Path, "1.0", new OciLayout.Platform("linux", "amd64", new Dictionary<string, string>
        {
            ["org.opencontainers.image.source"] = $"{github.Url}acme/payments",
            ["org.opencontainers.image.revision"] = revision,
        }));
        await registries.Open.PushAsync(layout.Path, "1.0", "acme/e2e-api:1.0");

        using var counting = new CountingHandler();
        var service = OwnershipService.Create(new OwnershipOptions
        {
            Registry = new() { PlainHttp = [registries.Open.Host] },
            GitHub = new() { Url = github.Url.ToString(), Token = GitHubDouble.Token },
        }, TimeProvider.System, new HttpClient(counting), new Directory(new() { ["bob@acme.example"] = "U0BOB", ["carol@acme.example"] = "U0CAROL" }));

        var workload = new WorkloadRef(Namespace: "payments", Pod: "api-1", Image: $"{registries.Open.Host}/acme/e2e-api:1.0");
        var answers = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => service.ResolveAsync(workload, CancellationToken.None)));

        var answer = answers[0];
        Assert.True(answer.Owned, string.Join("\n", answer.Tried));
        Assert.Equal($"{github.Url.Authority}/acme/payments", answer.Facts.Repository!.Value);
        Assert.StartsWith($"config label org.opencontainers.image.source of {registries.Open.Host}/acme/e2e-api@sha256:", answer.Facts.Repository.Why, StringComparison.Ordinal);
        Assert.Equal(revision, answer.Facts.Revision!.Value);
        Assert.Equal("CODEOWNERS line 1 of acme/payments@3f2a1c9 (.github/CODEOWNERS): `*        @acme/platform` owns Dockerfile", answer.Facts.Owners!.Why);
        Assert.Equal(["U0BOB", "U0CAROL"], answer.People.Select(p => p.SlackUserId));
        Assert.Contains("Slack users.lookupByEmail(bob@acme.example) = U0BOB", answer.People[0].WhyOrEmpty);
        Assert.All(answers, a => Assert.Equal(answer.People.Count, a.People.Count));
        // Single flight: one manifest and one config fetch for 500 concurrent alerts, one GitHub lookup per file.
        Assert.Equal(2, counting.Requests.Count(r => r.Contains("/acme/e2e-api/", StringComparison.Ordinal)));
        Assert.Equal(1, github.Requests["team"]);
    }

    private sealed class Directory(Dictionary<string, string> users) : IChatDirectory
    {
        public string Name => "Slack";

        public Task<string?> UserIdByEmailAsync(string email, CancellationToken cancellationToken) => Task.FromResult(users.GetValueOrDefault(email));
    }

    private sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        public ConcurrentQueue<string> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
