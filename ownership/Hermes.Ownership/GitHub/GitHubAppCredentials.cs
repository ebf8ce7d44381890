using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Octokit;

namespace Hermes.Ownership.GitHub;

/// <summary>
/// GitHub App authentication: a short JWT (RS256, issued 60 s in the past against clock drift, valid 9 minutes)
/// signed with the App's private key buys an installation token, which is used until five minutes before it
/// expires. Octokit asks this store before every request.
/// </summary>
internal sealed class GitHubAppCredentials : ICredentialStore
{
    private readonly Func<Credentials, IGitHubClient> _appClient;
    private readonly long _appId;
    private readonly long _installationId;
    private readonly RSA _key;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private (Credentials Credentials, DateTimeOffset Until)? _current;

    public GitHubAppCredentials(Func<Credentials, IGitHubClient> appClient, long appId, long installationId, string privateKeyPem, TimeProvider time)
    {
        _appClient = appClient;
        _appId = appId;
        _installationId = installationId;
        _key = RSA.Create();
        _key.ImportFromPem(privateKeyPem);
        _time = time;
    }

    public async Task<Credentials> GetCredentials()
    {
        if (_current is { } c && _time.GetUtcNow() < c.Until) return c.Credentials;
        await _renewing.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_current is { } again && _time.GetUtcNow() < again.Until) return again.Credentials;
            var app = _appClient(new Credentials(Jwt(), AuthenticationType.Bearer));
            var token = await app.GitHubApps.CreateInstallationToken(_installationId).ConfigureAwait(false);
            var credentials = new Credentials(token.Token);
            _current = (credentials, token.ExpiresAt.AddMinutes(-5));
            return credentials;
        }
        finally
        {
            _renewing.Release();
        }
    }

    internal string Jwt()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(new { iat = now - 60, exp = now + 540, iss = _appId.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var signature = _key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{B64(signature)}";
    }
}
