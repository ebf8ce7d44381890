using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Hermes.Collector.Outputs;
using Hermes.Rules.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hermes.Collector.Tests.Outputs;

/// <summary>
/// The http output to a receiver whose certificate a private CA signed (a real Kestrel on 127.0.0.1 over TLS):
/// delivered when <c>http_ca_file</c> names that CA, kept in the spool when it names none or another CA.
/// </summary>
public sealed class HttpOutputPrivateCaTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hermes-tls-").FullName;
    private readonly TestPki _pki = TestPki.Create("Hermes Test Private CA");
    private readonly ConcurrentQueue<string> _received = new();
    private X509Certificate2? _serverCertificate;
    private WebApplication? _receiver;
    private Uri? _url;

    public async Task InitializeAsync()
    {
        _serverCertificate = _pki.IssueServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_serverCertificate)));
        _receiver = builder.Build();
        _receiver.MapPost("/api/v1/alerts", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            _received.Enqueue(await reader.ReadToEndAsync());
            return Results.Accepted();
        });
        await _receiver.StartAsync();
        var address = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _url = new Uri(new Uri(address), "/api/v1/alerts");
    }

    public async Task DisposeAsync()
    {
        if (_receiver is not null) await _receiver.DisposeAsync();
        _serverCertificate?.Dispose();
        _pki.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static AlertEnvelope Alert(string key) => new(key, Priority.Warning, JsonSerializer.Serialize(new
    {
        output = "alert", priority = "Warning", rule = "r", output_fields = new Dictionary<string, object> { ["hermes.idempotency_key"] = key },
    }));

    // The output as the collector builds it: one client from HttpTrust for the configured CA file (or none).
    private async Task<(long Sent, int Spooled, long Failed)> DeliverAsync(string? caFile, TimeSpan wait)
    {
        using var http = new HttpClient(HttpTrust.CreateHandler(caFile));
        var spool = Directory.CreateDirectory(Path.Combine(_directory, "spool-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        await using var output = new HttpOutput(new HttpOutputOptions
        {
            Url = _url!,
            SpoolDirectory = spool,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            RequestTimeout = TimeSpan.FromSeconds(5),
        }, http);
        await output.WriteAsync(Alert("tls-" + Path.GetFileName(spool)), CancellationToken.None);
        await output.DrainAsync(wait);
        // A failing delivery is retried: wait until at least one attempt has failed before judging.
        for (var i = 0; i < 100 && output.Sent == 0 && output.FailedAttempts == 0; i++) await Task.Delay(50);
        return (output.Sent, output.Spool.Count, output.FailedAttempts);
    }

    [Fact]
    public async Task CaFileNamingThePrivateCa_Delivers()
    {
        var (sent, spooled, _) = await DeliverAsync(_pki.WriteRoot(_directory), TimeSpan.FromSeconds(30));
        Assert.Equal(1, sent);
        Assert.Equal(0, spooled);
        Assert.Single(_received);
    }

    [Fact]
    public async Task WithoutACaFile_TheSystemsCasDoNotKnowThePrivateOne_AndTheAlertStaysSpooled()
    {
        var (sent, spooled, failed) = await DeliverAsync(null, TimeSpan.FromSeconds(1));
        Assert.Equal(0, sent);
        Assert.Equal(1, spooled);
        Assert.True(failed > 0);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task CaFileNamingAnotherCa_DoesNotTrustTheReceiver_AndTheAlertStaysSpooled()
    {
        using var other = TestPki.Create("Some Other CA");
        var (sent, spooled, failed) = await DeliverAsync(other.WriteRoot(_directory, "other.pem"), TimeSpan.FromSeconds(1));
        Assert.Equal(0, sent);
        Assert.Equal(1, spooled);
        Assert.True(failed > 0);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task TrustedCa_StillChecksTheServersName()
    {
        // A certificate the private CA signed for another host: the custom trust store does not waive the name check.
        using var elsewhere = _pki.IssueServer("collector.internal.example");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(elsewhere)));
        await using var receiver = builder.Build();
        receiver.MapPost("/api/v1/alerts", () => Results.Accepted());
        await receiver.StartAsync();
        var address = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient(HttpTrust.CreateHandler(_pki.WriteRoot(_directory)));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(new Uri(new Uri(address), "/api/v1/alerts"), new StringContent("{}")));
    }

    [Fact]
    public void Bundle_AnchorsOnlyOnItsSelfIssuedCertificates_TheOthersHelpBuildChains()
    {
        var path = Path.Combine(_directory, "bundle.pem");
        using var server = _pki.IssueServer();
        File.WriteAllText(path, _pki.RootPem + "\n" + server.ExportCertificatePem() + "\n");
        using var handler = HttpTrust.CreateHandler(path);
        var policy = handler.SslOptions.CertificateChainPolicy!;
        Assert.Equal(X509ChainTrustMode.CustomRootTrust, policy.TrustMode);
        Assert.Equal([_pki.Root.Thumbprint], policy.CustomTrustStore.Select(c => c.Thumbprint));
        Assert.Equal([server.Thumbprint], policy.ExtraStore.Select(c => c.Thumbprint));
    }
}
