using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Hermes.Tests.Shared;

namespace Hermes.Ownership.Tests.Support;

/// <summary>
/// GitHub Enterprise's REST API (under <c>/api/v3/</c>) for the paths Octokit calls: repository contents (raw with
/// <c>application/vnd.github.v3.raw</c>, else the JSON object with base64 content), teams by slug and their
/// members, users, and GitHub App installation tokens (the App JWT is verified, RS256). Every 2xx carries an ETag and
/// <c>If-None-Match</c> gets 304; each request spends the rate limit (304s do not, as on GitHub) and a spent limit
/// answers 403 "API rate limit exceeded" with GitHub's headers. Requests are counted per path.
/// </summary>
public sealed class GitHubDouble : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Repo, string Ref, string Path), string> _files = new();
    private readonly ConcurrentDictionary<string, (long Id, string Name, string[] Members)> _teams = new();
    private readonly ConcurrentDictionary<string, string?> _users = new();
    private HttpDouble? _http;
    private int _remaining = 5000;

    public const string Token = "ghp_hermestesttoken";

    public string? LastRejectedAuthorization { get; private set; }

    public ConcurrentDictionary<string, int> Requests { get; } = new();

    public int NotModifiedAnswers => _notModified;

    private int _notModified;

    public int RateLimitRemaining { get => _remaining; set => _remaining = value; }

    public DateTimeOffset RateLimitReset { get; set; } = DateTimeOffset.UtcNow.AddHours(1);

    /// <summary>When set, the App's public key: POST /app/installations/{id}/access_tokens checks the JWT with it.</summary>
    public RSA? AppKey { get; set; }

    public long AppId { get; set; } = 4242;

    public string InstallationToken { get; } = "ghs_installationtoken";

    public Uri Url => _http!.Address;

    public int Total => Requests.Values.Sum();

    public void File(string repo, string path, string content, string gitRef = "main") => _files[(repo, gitRef, path)] = content;

    public void Team(string org, string slug, long id, params string[] members) => _teams[$"{org}/{slug}"] = (id, slug, members);

    public void User(string login, string? email) => _users[login] = email;

    public static async Task<GitHubDouble> StartAsync()
    {
        var github = new GitHubDouble();
        github._http = await HttpDouble.StartAsync(github.Map);
        return github;
    }

    public ValueTask DisposeAsync() => _http?.DisposeAsync() ?? ValueTask.CompletedTask;

    private void Map(WebApplication app)
    {
        app.MapFallback((HttpContext http) =>
        {
            Requests.AddOrUpdate($"unknown {http.Request.Method} {http.Request.Path}", 1, (_, n) => n + 1);
            return new Raw(404, "{\"message\":\"Not Found\"}"u8.ToArray(), "application/json");
        });
        app.MapGet("/api/v3/repos/{owner}/{repo}/contents/{**path}", (HttpContext http, string owner, string repo, string path) =>
            Answer(http, "contents", () =>
            {
                var gitRef = http.Request.Query["ref"].FirstOrDefault() ?? "main";
                if (!_files.TryGetValue(($"{owner}/{repo}", gitRef, path), out var content)) return NotFound("repos/contents#get-repository-content");
                if (http.Request.Headers.Accept.ToString().Contains("application/vnd.github.v3.raw", StringComparison.Ordinal))
                    return (200, Encoding.UTF8.GetBytes(content), "application/vnd.github.v3.raw; charset=utf-8");
                var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"blob {content.Length}\0{content}")));
                return Json(200, new JsonObject
                {
                    ["type"] = "file", ["encoding"] = "base64", ["size"] = content.Length, ["name"] = path.Split('/')[^1], ["path"] = path,
                    ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)), ["sha"] = sha,
                    ["url"] = $"{Url}api/v3/repos/{owner}/{repo}/contents/{path}?ref={gitRef}",
                    ["html_url"] = $"{Url}{owner}/{repo}/blob/{gitRef}/{path}",
                    ["download_url"] = $"{Url}raw/{owner}/{repo}/{gitRef}/{path}",
                });
            }));
        app.MapGet("/api/v3/orgs/{org}/teams/{slug}", (HttpContext http, string org, string slug) => Answer(http, "team", () =>
            _teams.TryGetValue($"{org}/{slug}", out var t)
                ? Json(200, new JsonObject
                {
                    ["id"] = t.Id, ["node_id"] = $"T_{t.Id}", ["url"] = $"{Url}api/v3/teams/{t.Id}", ["html_url"] = $"{Url}orgs/{org}/teams/{slug}",
                    ["name"] = t.Name, ["slug"] = slug, ["description"] = null, ["privacy"] = "closed", ["notification_setting"] = "notifications_enabled",
                    ["permission"] = "pull", ["members_url"] = $"{Url}api/v3/teams/{t.Id}/members{{/member}}", ["repositories_url"] = $"{Url}api/v3/teams/{t.Id}/repos",
                    ["parent"] = null,
                })
                : NotFound("teams/teams#get-a-team-by-name")));
        app.MapGet("/api/v3/teams/{id:long}/members", (HttpContext http, long id) => Answer(http, "members", () =>
            _teams.Values.FirstOrDefault(t => t.Id == id) is { Members: { } members }
                ? Json(200, new JsonArray(members.Select(m => (JsonNode)SimpleUser(m)).ToArray()))
                : NotFound("teams/members#list-team-members-legacy")));
        app.MapGet("/api/v3/users/{login}", (HttpContext http, string login) => Answer(http, "user", () =>
        {
            if (!_users.TryGetValue(login, out var email)) return NotFound("users/users#get-a-user");
            var user = SimpleUser(login);
            user["name"] = login;
            user["email"] = email;
            user["public_repos"] = 1;
            user["followers"] = 0;
            user["following"] = 0;
            user["created_at"] = "2020-01-01T00:00:00Z";
            user["updated_at"] = "2026-01-01T00:00:00Z";
            return Json(200, user);
        }));
        app.MapPost("/api/v3/app/installations/{id:long}/access_tokens", (HttpContext http, long id) =>
        {
            Requests.AddOrUpdate("access_tokens", 1, (_, n) => n + 1);
            var auth = http.Request.Headers.Authorization.ToString();
            if (AppKey is null || !auth.StartsWith("Bearer ", StringComparison.Ordinal) || !ValidAppJwt(auth[7..]))
                return Write(http, Json(401, new JsonObject { ["message"] = "A JSON web token could not be decoded", ["documentation_url"] = "https://docs.github.com/rest" }));
            return Write(http, Json(201, new JsonObject
            {
                ["token"] = InstallationToken, ["expires_at"] = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["permissions"] = new JsonObject { ["contents"] = "read", ["members"] = "read" }, ["repository_selection"] = "all",
            }));
        });
    }

    private JsonObject SimpleUser(string login) => new()
    {
        ["login"] = login, ["id"] = Math.Abs(login.GetHashCode(StringComparison.Ordinal)), ["node_id"] = $"U_{login}", ["avatar_url"] = $"{Url}avatars/{login}",
        ["gravatar_id"] = "", ["url"] = $"{Url}api/v3/users/{login}", ["html_url"] = $"{Url}{login}", ["type"] = "User", ["site_admin"] = false,
    };

    private bool ValidAppJwt(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3) return false;
        static byte[] B64(string s) => Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/').PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
        if (!AppKey!.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), B64(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)) return false;
        using var payload = JsonDocument.Parse(B64(parts[1]));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return payload.RootElement.GetProperty("iss").GetString() == AppId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && payload.RootElement.GetProperty("iat").GetInt64() <= now && payload.RootElement.GetProperty("exp").GetInt64() > now
            && payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64() <= 600;
    }

    // Authentication, rate limit, ETag and 304, then the route's answer.
    private IResult Answer(HttpContext http, string kind, Func<(int Status, byte[] Body, string ContentType)> route)
    {
        Requests.AddOrUpdate(kind, 1, (_, n) => n + 1);
        var auth = http.Request.Headers.Authorization.ToString();
        // The scheme is case-insensitive (Octokit sends "Token"); GitHub takes "token" and "Bearer" for both kinds of token.
        var space = auth.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space > 0 ? auth[..space] : "";
        var credential = space > 0 ? auth[(space + 1)..] : "";
        if (!(scheme.Equals("token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase))
            || (credential != Token && credential != InstallationToken))
        {
            LastRejectedAuthorization = auth;
            return Write(http, Json(401, new JsonObject { ["message"] = "Bad credentials", ["documentation_url"] = "https://docs.github.com/rest", ["status"] = "401" }));
        }
        var answer = route();
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(answer.Body))[..32]}\"";
        if (answer.Status == 200 && http.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            Interlocked.Increment(ref _notModified);
            RateHeaders(http);
            http.Response.Headers.ETag = etag;
            return Results.StatusCode(304);
        }
        if (Interlocked.Decrement(ref _remaining) < 0)
        {
            _remaining = 0;
            return Write(http, Json(403, new JsonObject
            {
                ["message"] = "API rate limit exceeded for installation ID 1.",
                ["documentation_url"] = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
            }));
        }
        if (answer.Status == 200) http.Response.Headers.ETag = etag;
        return Write(http, answer);
    }

    private IResult Write(HttpContext http, (int Status, byte[] Body, string ContentType) answer)
    {
        RateHeaders(http);
        http.Response.Headers["X-GitHub-Media-Type"] = "github.v3; format=json";
        return new Raw(answer.Status, answer.Body, answer.ContentType);
    }

    private void RateHeaders(HttpContext http)
    {
        http.Response.Headers["X-RateLimit-Limit"] = "5000";
        http.Response.Headers["X-RateLimit-Remaining"] = Math.Max(0, _remaining).ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["X-RateLimit-Reset"] = RateLimitReset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["X-RateLimit-Used"] = (5000 - Math.Max(0, _remaining)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["X-RateLimit-Resource"] = "core";
    }

    private static (int, byte[], string) Json(int status, JsonNode body) => (status, Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json; charset=utf-8");

    private static (int, byte[], string) NotFound(string docs) =>
        Json(404, new JsonObject { ["message"] = "Not Found", ["documentation_url"] = $"https://docs.github.com/rest/{docs}", ["status"] = "404" });

    /// <summary>A status, body and content type written exactly (Results.Bytes would answer 200).</summary>
    internal sealed class Raw(int status, byte[] body, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = contentType;
            return httpContext.Response.Body.WriteAsync(body).AsTask();
        }
    }
}
