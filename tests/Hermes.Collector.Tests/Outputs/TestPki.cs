using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hermes.Collector.Tests.Outputs;

/// <summary>A private PKI made in the test: a root CA and server certificates it signs (ECDSA P-256, valid for a day).</summary>
internal sealed class TestPki : IDisposable
{
    private TestPki(X509Certificate2 root) => Root = root;

    /// <summary>The CA's certificate, with its private key.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The CA's certificate as PEM (what an <c>http_ca_file</c> holds).</summary>
    public string RootPem => Root.ExportCertificatePem();

    public static TestPki Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=Hermes tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestPki(request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1)));
    }

    /// <summary>A TLS server certificate (with its key) for 127.0.0.1 and localhost, or for the names given.</summary>
    public X509Certificate2 IssueServer(params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=hermes-bot", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Length > 0 ? names : ["127.0.0.1", "localhost"])
        {
            if (IPAddress.TryParse(name, out var ip)) san.AddIpAddress(ip);
            else san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Root, now.AddMinutes(-1), now.AddHours(12), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes the CA's PEM to a file and returns its path.</summary>
    public string WriteRoot(string directory, string fileName = "ca.pem")
    {
        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, RootPem);
        return path;
    }

    public void Dispose() => Root.Dispose();
}
