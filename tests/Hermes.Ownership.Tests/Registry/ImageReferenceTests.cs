using Hermes.Ownership.Model;
using Hermes.Ownership.Registry;

namespace Hermes.Ownership.Tests.Registry;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("nginx", "docker.io", "library/nginx", "latest", null)]
    [InlineData("acme/api:1.2", "docker.io", "acme/api", "1.2", null)]
    [InlineData("localhost/hermes-demo/payments-api:1", "localhost", "hermes-demo/payments-api", "1", null)]
    [InlineData("127.0.0.1:5005/acme/api", "127.0.0.1:5005", "acme/api", "latest", null)]
    [InlineData("ghcr.io/acme/api:2@sha256:abc", "ghcr.io", "acme/api", "2", "sha256:abc")]
    [InlineData("ghcr.io/acme/api@sha256:abc", "ghcr.io", "acme/api", null, "sha256:abc")]
    public void Parse_NormalisesLikeDocker(string text, string registry, string repository, string? tag, string? digest)
    {
        Assert.True(ImageReference.TryParse(text, out var image));
        Assert.Equal((registry, repository, tag, digest), (image.Registry, image.Repository, image.Tag, image.Digest));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper/Case")]
    [InlineData("acme/api@nodigest")]
    [InlineData("acme/api:")]
    public void Parse_RejectsWhatIsNotAnImage(string text) => Assert.False(ImageReference.TryParse(text, out _));

    [Theory]
    [InlineData("https://github.com/acme/payments", "github.com/acme/payments", null)]
    [InlineData("https://github.com/acme/payments.git", "github.com/acme/payments", null)]
    [InlineData("git@github.com:acme/payments.git", "github.com/acme/payments", null)]
    [InlineData("https://github.com/acme/mono/tree/main/services/pay", "github.com/acme/mono", "services/pay")]
    [InlineData("http://127.0.0.1:8080/acme/x", "127.0.0.1:8080/acme/x", null)]
    public void RepositoryUrls_AreNormalised(string text, string repository, string? path)
    {
        Assert.True(RepositoryUrl.TryParse(text, out var repo, out var folder));
        Assert.Equal((repository, path), (repo, folder));
    }

    [Theory]
    [InlineData("registry.example.com/{team}/{service}", "registry.example.com/payments/api:1", "api", "payments")]
    [InlineData("*/{team}/{service}", "ghcr.io/shop/web:2", "web", "shop")]
    [InlineData("registry.example.com/{team}/{service}", "ghcr.io/shop/web:2", null, null)]
    [InlineData("*/{team}/{service}", "ghcr.io/a/b/c:2", null, null)]
    public async Task NamingConventions_MatchSegmentBySegment(string convention, string image, string? service, string? team)
    {
        var facts = (await new NamingConventionSource([convention]).LocateAsync(new WorkloadRef(Image: image), new OwnershipFacts(), CancellationToken.None)).Facts;
        Assert.Equal(service, facts?.Service?.Value);
        Assert.Equal(team is null ? null : $"team group:{team}", facts?.Owners?.Value.Single().ToString());
    }

    [Fact]
    public void NamingConventions_WithoutPlaceholders_AreRejected() =>
        Assert.Throws<ArgumentException>(() => new NamingConventionSource(["registry.example.com/*/*"]));
}
