using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hermes.Collector.Outputs;

/// <summary>
/// Which HTTPS servers the http output (and its heartbeat) trusts. By default the system's CAs. With
/// <c>http_ca_file</c>, a PEM bundle of a private PKI, and then only that bundle: its self-issued certificates are the
/// sole trust anchors (X509ChainTrustMode.CustomRootTrust, the system's CAs no longer count), its other certificates
/// only help complete a chain the server sends incompletely. A receiver with a public certificate next to a private
/// one needs its public root in the bundle too. The server's name is checked either way; revocation is not, as by
/// default.
/// </summary>
public static class HttpTrust
{
    /// <summary>
    /// Reads a PEM bundle; throws <see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>,
    /// <see cref="CryptographicException"/> or <see cref="InvalidDataException"/> (no certificate in it) with the reason.
    /// </summary>
    public static X509Certificate2Collection LoadBundle(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = File.ReadAllText(path);
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(text);
        if (bundle.Count == 0) throw new InvalidDataException("it holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        return bundle;
    }

    /// <summary>The handler for the output's HTTP client: the system's trust, or only the bundle at <paramref name="caFile"/>.</summary>
    public static SocketsHttpHandler CreateHandler(string? caFile)
    {
        var handler = new SocketsHttpHandler();
        if (string.IsNullOrEmpty(caFile)) return handler;
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        foreach (var certificate in LoadBundle(caFile))
        {
            if (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)) policy.CustomTrustStore.Add(certificate);
            else policy.ExtraStore.Add(certificate);
        }
        handler.SslOptions.CertificateChainPolicy = policy;
        return handler;
    }
}
