using System.Diagnostics;
using Hermes.Ownership.Tests.Support;

namespace Hermes.Ownership.Tests.Registry;

/// <summary>
/// Three real registries for the registry tests: open, Basic auth (htpasswd), and token auth (a token service
/// signing JWTs the registry verifies), each holding images pushed with skopeo from OCI layouts.
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public const string Source = "https://github.com/acme/payments";
    public const string AmdRevision = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string ArmRevision = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private readonly string _work = Directory.CreateTempSubdirectory("hermes-oci-").FullName;

    public LocalRegistry Open { get; private set; } = null!;

    public LocalRegistry Basic { get; private set; } = null!;

    public LocalRegistry Token { get; private set; } = null!;

    public RegistryTokenService TokenService { get; } = new("puller", "s3cret");

    public string SingleDigest { get; private set; } = "";

    public string IndexDigest { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Open = await LocalRegistry.StartAsync();
        var htpasswd = Path.Combine(_work, "htpasswd");
        using (var tool = Process.Start(new ProcessStartInfo("htpasswd", ["-Bbc", htpasswd, "puller", "s3cret"]) { RedirectStandardError = true })!)
        {
            await tool.WaitForExitAsync();
            Assert.Equal(0, tool.ExitCode);
        }
        Basic = await LocalRegistry.StartAsync($"auth:\n  htpasswd:\n    realm: hermes-basic\n    path: {htpasswd}");
        await TokenService.StartAsync();
        var bundle = Path.Combine(_work, "root.pem");
        await File.WriteAllTextAsync(bundle, TokenService.CertificatePem);
        Token = await LocalRegistry.StartAsync(TokenService.AuthYaml(bundle));

        var single = Path.Combine(_work, "single");
        SingleDigest = OciLayout.WriteImage(single, "1.0", new OciLayout.Platform("linux", "amd64",
            new Dictionary<string, string> { ["org.opencontainers.image.source"] = Source, ["org.opencontainers.image.revision"] = AmdRevision }));
        await Open.PushAsync(single, "1.0", "acme/payments-api:1.0");
        await Basic.PushAsync(single, "1.0", "acme/private-api:1.0", "puller:s3cret");
        await Token.PushAsync(single, "1.0", "acme/secure-api:1.0", "puller:s3cret");

        var multi = Path.Combine(_work, "multi");
        IndexDigest = OciLayout.WriteIndex(multi, "2.0", new Dictionary<string, string> { ["org.opencontainers.image.source"] = "https://github.com/acme/multi" },
            new OciLayout.Platform("linux", "amd64", new Dictionary<string, string> { ["org.opencontainers.image.revision"] = AmdRevision }),
            new OciLayout.Platform("linux", "arm64", new Dictionary<string, string> { ["org.opencontainers.image.revision"] = ArmRevision },
                new Dictionary<string, string> { ["org.opencontainers.image.source"] = "https://github.com/acme/multi-arm" }));
        await Open.PushAsync(multi, "2.0", "acme/multi:2.0");

        var bare = Path.Combine(_work, "bare");
        OciLayout.WriteImage(bare, "1", new OciLayout.Platform("linux", "amd64", new Dictionary<string, string>()));
        await Open.PushAsync(bare, "1", "acme/nolabels:1");
    }

    public async Task DisposeAsync()
    {
        await Open.DisposeAsync();
        await Basic.DisposeAsync();
        await Token.DisposeAsync();
        await TokenService.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
