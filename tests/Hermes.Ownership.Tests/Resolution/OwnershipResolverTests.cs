using Hermes.Ownership.Model;
using Hermes.Ownership.Resolution;
using Hermes.Ownership.Tests.GitHub;

namespace Hermes.Ownership.Tests.Resolution;

public sealed class OwnershipResolverTests
{
    private static Claim<string> Say(string value, string source) => new(value, source, $"{source} said so");

    private static readonly FixedSource Kubernetes = new(new OwnershipFacts
    {
        Service = Say("from-labels", "kubernetes"), Channel = Say("#from-labels", "kubernetes"),
    }, "kubernetes");

    private static readonly FixedSource Catalog = new(new OwnershipFacts
    {
        Service = Say("from-catalog", "catalog"),
        Owners = new Claim<IReadOnlyList<Owner>>([Owner.Person("alice", "catalog", "alice@acme.example")], "catalog", "spec.owner"),
    }, "catalog");

    [Fact]
    public async Task Fields_AreMergedOneByOne_ByPrecedence()
    {
        var answer = await new OwnershipResolver([Kubernetes, Catalog], ["catalog", "kubernetes"], []).ResolveAsync(new WorkloadRef(), CancellationToken.None);
        Assert.Equal(("from-catalog", "catalog"), (answer.Facts.Service!.Value, answer.Facts.Service.Source));
        Assert.Equal("#from-labels", answer.Facts.Channel!.Value); // only the labels said it
        Assert.True(answer.Owned);

        var flipped = await new OwnershipResolver([Kubernetes, Catalog], ["kubernetes", "catalog"], []).ResolveAsync(new WorkloadRef(), CancellationToken.None);
        Assert.Equal("from-labels", flipped.Facts.Service!.Value);
    }

    [Fact]
    public async Task AFailingSource_IsReported_AndTheOthersStillAnswer()
    {
        var answer = await new OwnershipResolver([new Failing(), Catalog], [], []).ResolveAsync(new WorkloadRef(Image: "x"), CancellationToken.None);
        Assert.Equal("from-catalog", answer.Facts.Service!.Value);
        Assert.Equal(["registry: unavailable: registry.example.com: connection refused", "catalog: fixed"], answer.Tried.Select(t => t.ToString()));
    }

    [Fact]
    public async Task Unowned_IsAnAnswer_ListingWhatEverySourceSaid()
    {
        var answer = await new OwnershipResolver([new FixedSource(new OwnershipFacts(), "kubernetes")], [], []).ResolveAsync(new WorkloadRef(Namespace: "x"), CancellationToken.None);
        Assert.False(answer.Owned);
        Assert.Equal("kubernetes: fixed", Assert.Single(answer.Tried).ToString());
        Assert.Empty(answer.People);
    }

    [Fact]
    public void UnknownSourcesInThePrecedence_AreAConfigurationError()
    {
        var error = Assert.Throws<ArgumentException>(() => OwnershipService.Create(new OwnershipOptions { Precedence = ["catalog", "ldap"] }, TimeProvider.System, new HttpClient()));
        Assert.Contains("ldap", error.Message, StringComparison.Ordinal);
    }

    private sealed class Failing : IOwnershipSource
    {
        public string Name => "registry";

        public ValueTask<SourceResult> LocateAsync(WorkloadRef workload, OwnershipFacts soFar, CancellationToken cancellationToken) =>
            throw new OwnershipSourceException("registry.example.com: connection refused");
    }
}
