using Hermes.Ownership.Caching;
using Hermes.Ownership.Resolution;
using Octokit;
using Octokit.Internal;

namespace Hermes.Ownership.GitHub;

/// <summary>
/// Hermes' one way to GitHub (Octokit): repository files by ref, team members, user emails, each cached
/// (<see cref="SourceCache{TKey,TValue}"/>) and revalidated with ETags. Rate-limit aware: once GitHub says the
/// limit is spent, no call is made until its reset time and callers fall back to what is cached.
/// </summary>
public sealed class GitHubApi
{
    private static readonly string[] CodeOwnersLocations = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];
    private readonly IGitHubClient _client;
    private readonly TimeProvider _time;
    private DateTimeOffset _limitedUntil = DateTimeOffset.MinValue;

    public GitHubApi(GitHubOptions options, CachePolicy policy, TimeProvider time, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        var product = new ProductHeaderValue("hermes-ownership");
        // github.com's API is api.github.com; an Enterprise server's is under /api/v3/ (what GitHubClient does, Connection does not).
        var url = new Uri(options.Url);
        var baseUri = url.Host.Equals("github.com", StringComparison.OrdinalIgnoreCase) ? new Uri("https://api.github.com/")
            : url.AbsolutePath.TrimEnd('/').EndsWith("/api/v3", StringComparison.Ordinal) ? new Uri(url.ToString().TrimEnd('/') + "/") : new Uri(url, "/api/v3/");
        IHttpClient Http() => new ConditionalHttpClient(new HttpClientAdapter(() => handler ?? HttpMessageHandlerFactory.CreateDefault()), policy.Capacity);
        ICredentialStore credentials = options switch
        {
            { AppId: { } app, PrivateKeyPath: { } key, InstallationId: { } installation } => new GitHubAppCredentials(
                c => new GitHubClient(new Connection(product, baseUri, new InMemoryCredentialStore(c), Http(), new SimpleJsonSerializer())),
                app, installation, File.ReadAllText(key), time),
            { Token: { Length: > 0 } token } => new InMemoryCredentialStore(new Credentials(token)),
            _ => new InMemoryCredentialStore(Credentials.Anonymous),
        };
        _client = new GitHubClient(new Connection(product, baseUri, credentials, Http(), new SimpleJsonSerializer()));
        Files = new SourceCache<(string, string?, string?), RepositoryFiles>(policy, time);
        Teams = new SourceCache<string, TeamMembers>(policy, time);
        Users = new SourceCache<string, GitHubUser>(policy, time);
    }

    public GitHubOptions Options { get; }

    public SourceCache<(string Repository, string? Ref, string? Path), RepositoryFiles> Files { get; }

    public SourceCache<string, TeamMembers> Teams { get; }

    public SourceCache<string, GitHubUser> Users { get; }

    /// <summary><c>catalog-info.yaml</c> (in the service's folder, else at the root) and the CODEOWNERS GitHub would use.</summary>
    public Task<Cached<RepositoryFiles>> RepositoryFilesAsync(string owner, string name, string? gitRef, string? path, CancellationToken cancellationToken) =>
        Guard(() => Files.GetAsync(($"{owner}/{name}", gitRef, path), async (_, ct) =>
        {
            var catalogPath = path is null ? "catalog-info.yaml" : $"{path.Trim('/')}/catalog-info.yaml";
            var catalog = await FileAsync(owner, name, catalogPath, gitRef).ConfigureAwait(false);
            foreach (var location in CodeOwnersLocations)
                if (await FileAsync(owner, name, location, gitRef).ConfigureAwait(false) is { } codeowners)
                    return new RepositoryFiles(catalog is null ? null : catalogPath, catalog, location, codeowners);
            return new RepositoryFiles(catalog is null ? null : catalogPath, catalog, null, null);
        }, cancellationToken).AsTask());

    public Task<Cached<TeamMembers>> TeamAsync(string org, string slug, CancellationToken cancellationToken) =>
        Guard(() => Teams.GetAsync($"{org}/{slug}", async (_, ct) =>
        {
            var team = await Call(() => _client.Organization.Team.GetByName(org, slug)).ConfigureAwait(false);
            if (team is null) return null;
            var members = await Call(() => _client.Organization.Team.GetAllMembers(team.Id)).ConfigureAwait(false) ?? [];
            return new TeamMembers(team.Name, members.Select(m => m.Login).ToList());
        }, cancellationToken).AsTask());

    public Task<Cached<GitHubUser>> UserAsync(string login, CancellationToken cancellationToken) =>
        Guard(() => Users.GetAsync(login, async (_, ct) =>
        {
            var user = await Call(() => _client.User.Get(login)).ConfigureAwait(false);
            return user is null ? null : new GitHubUser(user.Login, user.Name, string.IsNullOrEmpty(user.Email) ? null : user.Email);
        }, cancellationToken).AsTask());

    private async Task<string?> FileAsync(string owner, string name, string path, string? gitRef)
    {
        var bytes = await Call(() => gitRef is null
            ? _client.Repository.Content.GetRawContent(owner, name, path)
            : _client.Repository.Content.GetRawContentByRef(owner, name, path, gitRef)).ConfigureAwait(false);
        return bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes);
    }

    // One GitHub call: 404 is "nothing there"; a spent rate limit stops further calls until the reset.
    private async Task<T?> Call<T>(Func<Task<T>> call) where T : class
    {
        var now = _time.GetUtcNow();
        if (now < _limitedUntil) throw new OwnershipSourceException($"GitHub rate limit spent until {_limitedUntil:O}");
        try
        {
            var result = await call().ConfigureAwait(false);
            if (_client.GetLastApiInfo()?.RateLimit is { Remaining: 0 } limit) _limitedUntil = limit.Reset;
            return result;
        }
        catch (NotFoundException)
        {
            return null;
        }
        catch (RateLimitExceededException e)
        {
            _limitedUntil = e.Reset;
            throw new OwnershipSourceException($"GitHub rate limit spent until {e.Reset:O}", e);
        }
    }

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
        {
            throw new OwnershipSourceException($"GitHub: {e.Message}", e);
        }
    }
}

/// <summary>A repository's ownership files at one ref; null where the file does not exist.</summary>
public sealed record RepositoryFiles(string? CatalogInfoPath, string? CatalogInfo, string? CodeOwnersPath, string? CodeOwners);

public sealed record TeamMembers(string Name, IReadOnlyList<string> Logins);

public sealed record GitHubUser(string Login, string? Name, string? Email);
