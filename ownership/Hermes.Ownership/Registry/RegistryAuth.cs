using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hermes.Ownership.Registry;

/// <summary>
/// The Registry HTTP API's authentication: on a 401, follow the <c>WWW-Authenticate</c> challenge, either Basic
/// with the configured credentials or Bearer by asking the token service named by <c>realm</c> for a token for
/// <c>service</c> and <c>scope</c> (anonymously, or with the credentials as Basic auth). Tokens are reused until
/// they expire.
/// </summary>
internal sealed class RegistryAuth
{
    private readonly HttpClient _http;
    private readonly RegistryOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (string Header, DateTimeOffset Until)> _tokens = new();

    public RegistryAuth(HttpClient http, RegistryOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
    }

    /// <summary>The Authorization header already known for this registry and scope, if any.</summary>
    public AuthenticationHeaderValue? Known(string host, string scope) =>
        _tokens.TryGetValue($"{host} {scope}", out var t) && _time.GetUtcNow() < t.Until ? Parse(t.Header) : null;

    /// <summary>Answers a 401's challenge; null when the registry wants credentials Hermes does not have.</summary>
    public async Task<AuthenticationHeaderValue?> AnswerAsync(HttpResponseMessage unauthorized, string host, string scope, CancellationToken cancellationToken)
    {
        var credential = _options.Credentials.GetValueOrDefault(host);
        foreach (var challenge in unauthorized.Headers.WwwAuthenticate)
        {
            if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
                return credential is null ? null : Basic(credential);
            if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) continue;
            var parameters = ChallengeParameters(challenge.Parameter ?? "");
            if (!parameters.TryGetValue("realm", out var realm)) continue;
            var query = new List<string>();
            if (parameters.TryGetValue("service", out var service)) query.Add($"service={Uri.EscapeDataString(service)}");
            query.Add($"scope={Uri.EscapeDataString(parameters.GetValueOrDefault("scope") ?? scope)}");
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{realm}{(realm.Contains('?', StringComparison.Ordinal) ? "&" : "?")}{string.Join("&", query)}");
            if (credential is not null) request.Headers.Authorization = Basic(credential);
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"token service {realm} answered {(int)response.StatusCode}", null, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var token = (body.RootElement.TryGetProperty("token", out var t) ? t : body.RootElement.GetProperty("access_token")).GetString()
                ?? throw new HttpRequestException($"token service {realm} returned no token");
            // The spec's default lifetime is 60 s; renew a little early.
            var seconds = body.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 60;
            var header = $"Bearer {token}";
            _tokens[$"{host} {scope}"] = (header, _time.GetUtcNow().AddSeconds(Math.Max(1, seconds - 5)));
            return Parse(header);
        }
        return null;
    }

    private static AuthenticationHeaderValue Basic(RegistryCredential c) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Username}:{c.Password}")));

    private static AuthenticationHeaderValue Parse(string header)
    {
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        return new AuthenticationHeaderValue(header[..space], header[(space + 1)..]);
    }

    /// <summary><c>realm="https://auth",service="reg",scope="repository:a/b:pull"</c> → a map (values may hold commas).</summary>
    internal static Dictionary<string, string> ChallengeParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || text[i] == ' ')) i++;
            var eq = text.IndexOf('=', i);
            if (eq < 0) break;
            var key = text[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0) end = text.Length;
                value = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = text.IndexOf(',', i);
                if (end < 0) end = text.Length;
                value = text[i..end].Trim();
                i = end;
            }
            result[key] = value;
        }
        return result;
    }
}
