using Hermes.Ownership.Registry;
using Hermes.Ownership.Tests.Support;

namespace Hermes.Ownership.Tests.Registry;

/// <summary>The registry client against Debian's docker-registry holding images pushed with skopeo.</summary>
public sealed class RegistryClientTests(RegistryFixture registries) : IClassFixture<RegistryFixture>
{
    private static RegistryClient Client(LocalRegistry registry, string platform = "linux/amd64", RegistryCredential? credential = null, HttpClient? http = null) =>
        new(http ?? new HttpClient(), new RegistryOptions
        {
            PlainHttp = [registry.Host],
            Platform = platform,
            Credentials = credential is null ? new Dictionary<string, RegistryCredential>() : new Dictionary<string, RegistryCredential> { [registry.Host] = credential },
        }, TimeProvider.System);

    private static ImageReference Image(string text) => ImageReference.TryParse(text, out var image) ? image : throw new ArgumentException(text);

    [Fact]
    public async Task Image_ConfigLabels_AreRead()
    {
        var meta = await Client(registries.Open).InspectAsync(Image($"{registries.Open.Host}/acme/payments-api:1.0"), CancellationToken.None);
        Assert.NotNull(meta);
        Assert.Equal(RegistryFixture.Source, meta.Labels["org.opencontainers.image.source"]);
        Assert.Equal(registries.SingleDigest, meta.Digest);
        Assert.Null(meta.Platform);
    }

    [Theory]
    [InlineData("linux/amd64", RegistryFixture.AmdRevision, "https://github.com/acme/multi")]
    [InlineData("linux/arm64", RegistryFixture.ArmRevision, "https://github.com/acme/multi-arm")]
    public async Task Index_PicksTheConfiguredPlatform_AndKeepsIndexAndManifestAnnotationsApart(string platform, string revision, string source)
    {
        var meta = await Client(registries.Open, platform).InspectAsync(Image($"{registries.Open.Host}/acme/multi:2.0"), CancellationToken.None);
        Assert.NotNull(meta);
        Assert.Equal(platform, meta.Platform);
        Assert.Equal(revision, meta.Labels["org.opencontainers.image.revision"]);
        Assert.Equal("https://github.com/acme/multi", meta.IndexAnnotations["org.opencontainers.image.source"]);
        var effective = meta.ManifestAnnotations.GetValueOrDefault("org.opencontainers.image.source") ?? meta.IndexAnnotations["org.opencontainers.image.source"];
        Assert.Equal(source, effective);
    }

    [Fact]
    public async Task ByDigest_IsExact_AndAnUnknownImageIsNull()
    {
        var client = Client(registries.Open);
        var byDigest = await client.InspectAsync(Image($"{registries.Open.Host}/acme/multi@{registries.IndexDigest}"), CancellationToken.None);
        Assert.Equal(RegistryFixture.AmdRevision, byDigest!.Labels["org.opencontainers.image.revision"]);
        Assert.Null(await client.InspectAsync(Image($"{registries.Open.Host}/acme/nothing-here:1"), CancellationToken.None));
        Assert.Null(await client.InspectAsync(Image($"{registries.Open.Host}/acme/multi@sha256:{new string('0', 64)}"), CancellationToken.None));
    }

    [Fact]
    public async Task BasicAuth_NeedsTheConfiguredCredentials()
    {
        var image = Image($"{registries.Basic.Host}/acme/private-api:1.0");
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Client(registries.Basic).InspectAsync(image, CancellationToken.None));
        Assert.Contains($"Ownership:Registry:Credentials:{registries.Basic.Host}", error.Message, StringComparison.Ordinal);
        var meta = await Client(registries.Basic, credential: new RegistryCredential("puller", "s3cret")).InspectAsync(image, CancellationToken.None);
        Assert.Equal(RegistryFixture.Source, meta!.Labels["org.opencontainers.image.source"]);
    }

    [Fact]
    public async Task BearerTokenChallenge_GetsATokenFromTheRealm_AndReusesIt()
    {
        var image = Image($"{registries.Token.Host}/acme/secure-api:1.0");
        await Assert.ThrowsAsync<HttpRequestException>(() => Client(registries.Token).InspectAsync(image, CancellationToken.None));
        var client = Client(registries.Token, credential: new RegistryCredential("puller", "s3cret"));
        var before = registries.TokenService.TokensIssued;
        Assert.Equal(RegistryFixture.Source, (await client.InspectAsync(image, CancellationToken.None))!.Labels["org.opencontainers.image.source"]);
        Assert.Equal(RegistryFixture.Source, (await client.InspectAsync(image, CancellationToken.None))!.Labels["org.opencontainers.image.source"]);
        Assert.Equal(before + 1, registries.TokenService.TokensIssued);
    }

    [Fact]
    public void ChallengeParameters_KeepCommasInsideQuotes()
    {
        var p = Hermes.Ownership.Registry.RegistryAuth.ChallengeParameters("realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"");
        Assert.Equal("https://auth.example/token", p["realm"]);
        Assert.Equal("repository:a/b:pull,push", p["scope"]);
    }
}
