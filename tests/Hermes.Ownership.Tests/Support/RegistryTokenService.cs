using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Hermes.Tests.Shared;

namespace Hermes.Ownership.Tests.Support;

/// <summary>
/// The token service of Distribution's token authentication: GET <c>/token?service=&amp;scope=</c> with Basic
/// credentials answers <c>{"token": JWT}</c>, the JWT signed (ES256) by a key whose certificate the registry trusts
/// (<c>rootcertbundle</c>) and carried in the header's <c>x5c</c>, granting the requested repository actions.
/// </summary>
public sealed class RegistryTokenService : IAsyncDisposable
{
    public const string Service = "hermes-test-registry";
    public const string Issuer = "hermes-test-issuer";
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private HttpDouble? _http;

    public RegistryTokenService(string username, string password)
    {
        Username = username;
        Password = password;
        var request = new CertificateRequest("CN=hermes test registry token issuer", _key, HashAlgorithmName.SHA256);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public string Username { get; }

    public string Password { get; }

    public int TokensIssued => _issued;

    private int _issued;

    public string Realm => $"{_http!.Address}token";

    public string CertificatePem => _certificate.ExportCertificatePem();

    public async Task StartAsync() => _http = await HttpDouble.StartAsync(app => app.MapGet("/token", Issue));

    /// <summary>The registry's <c>auth:</c> section for this service.</summary>
    public string AuthYaml(string bundlePath) => $"""
        auth:
          token:
            realm: {Realm}
            service: {Service}
            issuer: {Issuer}
            rootcertbundle: {bundlePath}
        """;

    private IResult Issue(HttpContext http)
    {
        var auth = http.Request.Headers.Authorization.ToString();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        if (auth != expected) return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "authentication required" } } }, statusCode: 401);
        var access = new JsonArray();
        foreach (var scope in http.Request.Query["scope"])
        {
            // repository:NAME:ACTIONS
            var parts = scope!.Split(':');
            if (parts.Length == 3) access.Add(new JsonObject { ["type"] = parts[0], ["name"] = parts[1], ["actions"] = new JsonArray(parts[2].Split(',').Select(a => (JsonNode)a).ToArray()) });
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "ES256", ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)) };
        var claims = new JsonObject
        {
            ["iss"] = Issuer, ["sub"] = Username, ["aud"] = http.Request.Query["service"].ToString(), ["exp"] = now + 300, ["nbf"] = now - 10, ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString(), ["access"] = access,
        };
        var signingInput = $"{B64(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{B64(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        Interlocked.Increment(ref _issued);
        return Results.Json(new { token = $"{signingInput}.{B64(signature)}", expires_in = 300, issued_at = DateTimeOffset.UtcNow.ToString("O") });
    }

    public async ValueTask DisposeAsync()
    {
        if (_http is not null) await _http.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }
}
