using Hermes.Ownership.Catalog;
using Hermes.Ownership.Model;
using Hermes.Ownership.Resolution;
using Hermes.Ownership.Tests.Support;

namespace Hermes.Ownership.Tests.Catalog;

public sealed class CatalogTests : IDisposable
{
    private const string Entities = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: payments-api
          labels: {tier: tier-1}
          annotations:
            backstage.io/kubernetes-id: payments
            backstage.io/source-location: url:https://github.com/acme/mono/tree/main/services/payments/
            pagerduty.com/service-id: P123
        spec: {type: service, owner: group:payments, system: money}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: checkout
          annotations:
            backstage.io/kubernetes-label-selector: "app=checkout,tier in (web,api)"
            backstage.io/kubernetes-namespace: shop
            hermes.dev/images: "registry.example.com/acme/checkout*"
            github.com/project-slug: acme/checkout
        spec: {type: service, owner: user:alice}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: batch
          annotations: {backstage.io/kubernetes-namespace: "batch-*", hermes.dev/criticality: low}
        spec: {type: service, owner: platform}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata: {name: money, annotations: {slack.com/bot-notify: "#money"}}
        spec: {owner: payments}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: payments}
        spec: {type: team, members: [bob, carol], children: [payments-oncall]}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: payments-oncall}
        spec: {type: team, members: [dave]}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: bob, annotations: {slack.com/user-id: U0BOB, github.com/user-login: bobgh}}
        spec: {profile: {email: bob@acme.example}}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: carol}
        spec: {profile: {email: carol@acme.example}}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: dave}
        spec: {profile: {email: dave@acme.example}}
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private CatalogSource Source(string yaml = Entities)
    {
        var path = Path.Combine(_dir.Path, "catalog.yaml");
        File.WriteAllText(path, yaml);
        return new CatalogSource(new CatalogFile(path));
    }

    private static async Task<OwnershipFacts?> Locate(CatalogSource source, WorkloadRef w, OwnershipFacts? soFar = null) =>
        (await source.LocateAsync(w, soFar ?? new OwnershipFacts(), CancellationToken.None)).Facts;

    private static Dictionary<string, string> Labels(params string[] pairs) => pairs.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public async Task KubernetesId_MatchesTheComponent_WithSourceLocationSystemChannelAndOnCall()
    {
        var facts = await Locate(Source(), new WorkloadRef(Namespace: "payments", Labels: Labels("backstage.io/kubernetes-id=payments")));
        Assert.Equal("payments-api", facts!.Service!.Value);
        Assert.Contains("pod label backstage.io/kubernetes-id=payments", facts.Service.Why, StringComparison.Ordinal);
        Assert.Equal("github.com/acme/mono", facts.Repository!.Value);
        Assert.Equal("services/payments", facts.RepositoryPath!.Value);
        Assert.Equal("money", facts.System!.Value);
        Assert.Equal("#money", facts.Channel!.Value);
        Assert.Contains("system:money annotation slack.com/bot-notify", facts.Channel.Why, StringComparison.Ordinal);
        Assert.Equal("pagerduty:P123", facts.OnCall!.Value);
        Assert.Equal("tier-1", facts.Criticality!.Value);
        Assert.Equal("team group:payments", Assert.Single(facts.Owners!.Value).ToString());
    }

    [Theory]
    [InlineData("shop", "app=checkout,tier=web", null, "checkout")]
    [InlineData("other", "app=checkout,tier=web", null, null)]              // selector limited to its namespace
    [InlineData("shop", "app=checkout,tier=db", null, null)]                // 'in' set not satisfied
    [InlineData("x", "", "registry.example.com/acme/checkout:1.4", "checkout")]
    [InlineData("batch-nightly", "", null, "batch")]
    [InlineData("batch", "", null, null)]
    public async Task Selectors_ImagesAndNamespaces(string ns, string labels, string? image, string? service)
    {
        var w = new WorkloadRef(Namespace: ns, Image: image, Labels: labels.Length == 0 ? null : Labels(labels.Split(',')));
        Assert.Equal(service, (await Locate(Source(), w))?.Service?.Value);
    }

    [Fact]
    public async Task EarlierFindings_RepositoryOrServiceName_SelectTheComponent()
    {
        var byRepo = await Locate(Source(), new WorkloadRef(), new OwnershipFacts { Repository = new Claim<string>("github.com/acme/checkout", "image", "label") });
        Assert.Equal("checkout", byRepo!.Service!.Value);
        Assert.Contains("repository github.com/acme/checkout (image)", byRepo.Service.Why, StringComparison.Ordinal);
        var byName = await Locate(Source(), new WorkloadRef(), new OwnershipFacts { Service = new Claim<string>("batch", "kubernetes", "label app=batch") });
        Assert.Equal("batch", byName!.Service!.Value);
    }

    [Fact]
    public async Task Groups_BecomeMembersAndChildTeams_UsersGetEmailsAndSlackOverrides()
    {
        var source = Source();
        var resolver = new OwnershipResolver([source], [], [source]);
        var answer = await resolver.ResolveAsync(new WorkloadRef(Labels: Labels("backstage.io/kubernetes-id=payments")), CancellationToken.None);
        Assert.Equal(["bob@acme.example", "carol@acme.example", "dave@acme.example"], answer.People.Select(p => p.Email));
        var bob = answer.People[0];
        Assert.Equal("U0BOB", bob.SlackUserId);
        Assert.Contains(bob.WhyOrEmpty, w => w.Contains("Slack id U0BOB (slack.com/user-id)", StringComparison.Ordinal));
        // A GitHub login the catalog knows gets the catalog's identity.
        var github = await source.EnrichAsync(Owner.Person("bobgh", "github"), CancellationToken.None);
        Assert.Equal(("bob@acme.example", "U0BOB"), (github.Email, github.SlackUserId));
    }

    [Fact]
    public void Reader_ReportsEveryProblemWithItsPosition_AndKeepsTheGoodEntities()
    {
        var (entities, problems) = CatalogReader.Read("""
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata: {name: good}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: not-backstage}
            ---
            kind: Component
            metadata: {annotations: [a, b]}
            ---
            - just a list
            """, "c.yaml");
        Assert.Equal("good", Assert.Single(entities).Name);
        Assert.Equal([
            "c.yaml:5:13: apiVersion 'v1' is not a backstage.io/ version",
            "c.yaml:9:1: entity has no apiVersion",
            "c.yaml:10:11: metadata has no name",
            "c.yaml:10:25: 'annotations' must be a mapping",
            "c.yaml:12:1: an entity must be a mapping with apiVersion, kind, metadata and spec",
        ], problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task BrokenCatalog_KeepsTheLastGoodOne_AndSaysWhy()
    {
        Source();
        var file = new CatalogFile(Path.Combine(_dir.Path, "catalog.yaml"));
        var source = new CatalogSource(file);
        Assert.Equal(3, file.Current.Components.Count);
        File.WriteAllText(Path.Combine(_dir.Path, "catalog.yaml"), "kind: [");
        File.SetLastWriteTimeUtc(Path.Combine(_dir.Path, "catalog.yaml"), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(3, file.Current.Components.Count);
        Assert.Contains("not valid YAML", Assert.Single(file.Problems).Message, StringComparison.Ordinal);
        Assert.NotNull(await Locate(source, new WorkloadRef(Namespace: "batch-1")));
    }
}
