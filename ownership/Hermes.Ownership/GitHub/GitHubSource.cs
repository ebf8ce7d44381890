using Hermes.Ownership.Catalog;
using Hermes.Ownership.CodeOwners;
using Hermes.Ownership.Model;
using Hermes.Ownership.Resolution;

namespace Hermes.Ownership.GitHub;

/// <summary>
/// Ownership from the repository an earlier source found (image labels, catalog, pod annotation), at the revision
/// it found: the repository's own <c>catalog-info.yaml</c> (its Component's owner, taken to be the GitHub team of
/// that name, as Backstage's GitHub org import names groups), else the CODEOWNERS rule for the service's path. As
/// a people source it expands GitHub teams into members and finds users' public emails.
/// </summary>
public sealed class GitHubSource : IOwnershipSource, IPeopleSource
{
    private readonly GitHubApi _api;

    public GitHubSource(GitHubApi api) => _api = api ?? throw new ArgumentNullException(nameof(api));

    public string Name => "github";

    public async ValueTask<SourceResult> LocateAsync(WorkloadRef workload, OwnershipFacts soFar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(soFar);
        if (soFar.Repository is not { } repository) return SourceResult.Nothing("no repository known to look up");
        if (!RepositoryUrl.TrySplit(repository.Value, out var host, out var owner, out var name) || !host.Equals(_api.Options.Host, StringComparison.OrdinalIgnoreCase))
            return SourceResult.Nothing($"repository {repository.Value} is not on {_api.Options.Host}");
        var gitRef = soFar.Revision?.Value;
        var folder = soFar.RepositoryPath?.Value.Trim('/');
        var cached = await _api.RepositoryFilesAsync(owner, name, gitRef, folder, cancellationToken).ConfigureAwait(false);
        var at = $"{owner}/{name}@{(gitRef is null ? "default branch" : gitRef.Length >= 40 ? gitRef[..7] : gitRef)}";
        if (cached.Value is not { } files) return new SourceResult(null, $"{at}: repository not found or not readable", cached.Stale);

        OwnershipFacts? fromCatalog = null;
        if (files.CatalogInfo is not null)
        {
            var (entities, problems) = CatalogReader.Read(files.CatalogInfo, $"{at}:{files.CatalogInfoPath}");
            if (problems.Count == 0 && entities.FirstOrDefault(e => e.Ref.Kind == "component") is { } component)
            {
                fromCatalog = ComponentFacts.From(component, new BackstageCatalog(entities), Name, $"{files.CatalogInfoPath} of {at}");
                if (fromCatalog.Owners is { } catalogOwners)
                    fromCatalog = fromCatalog with { Owners = catalogOwners with { Value = catalogOwners.Value.Select(o => AsGitHub(o, owner)).ToList() } };
            }
        }
        var codeOwners = CodeOwnersClaim(files, at, folder);
        var facts = (fromCatalog ?? new OwnershipFacts()) with { Owners = fromCatalog?.Owners ?? codeOwners };
        var said = new List<string>();
        said.Add(files.CatalogInfo is null ? "no catalog-info.yaml" : fromCatalog is null ? $"{files.CatalogInfoPath} has no valid Component" : $"{files.CatalogInfoPath}: Component {fromCatalog.Service?.Value}");
        said.Add(files.CodeOwners is null ? "no CODEOWNERS" : codeOwners is null ? $"{files.CodeOwnersPath}: no rule owns {TargetPath(folder)}" : codeOwners.Why);
        return new SourceResult(facts.Owners is null && fromCatalog is null ? null : facts with { Repository = null }, $"{at}: {string.Join("; ", said)}", cached.Stale);
    }

    private string TargetPath(string? folder) => folder is { Length: > 0 } ? $"{folder}/{_api.Options.DefaultPath}" : _api.Options.DefaultPath;

    private Claim<IReadOnlyList<Owner>>? CodeOwnersClaim(RepositoryFiles files, string at, string? folder)
    {
        if (files.CodeOwners is null) return null;
        var path = TargetPath(folder);
        var rule = CodeOwnersFile.Parse(files.CodeOwners).RuleFor(path);
        if (rule is null || rule.Owners.Count == 0) return null;
        var line = files.CodeOwners.Split('\n')[rule.Line - 1].Trim();
        return new Claim<IReadOnlyList<Owner>>(rule.Owners.Select(Owner.FromCodeOwners).ToList(), Name,
            $"CODEOWNERS line {rule.Line} of {at} ({files.CodeOwnersPath}): `{line}` owns {path}");
    }

    // A catalog-info.yaml owner "group:payments" in the acme organisation is the GitHub team acme/payments.
    private static Owner AsGitHub(Owner owner, string org)
    {
        var reference = EntityRef.Parse(owner.Name, owner.Kind == OwnerKind.Team ? "group" : "user");
        return owner.Kind == OwnerKind.Team
            ? Owner.Team($"{org}/{reference.Name}", "github").Because($"catalog-info.yaml owner {owner.Name} read as GitHub team {org}/{reference.Name}")
            : Owner.Person(reference.Name, "github");
    }

    public async ValueTask<Owner> EnrichAsync(Owner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.Origin != "github") return owner;
        if (owner.Kind == OwnerKind.Team)
        {
            if (owner.Members is { Count: > 0 }) return owner;
            var slash = owner.Name.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0) return owner;
            var team = await _api.TeamAsync(owner.Name[..slash], owner.Name[(slash + 1)..], cancellationToken).ConfigureAwait(false);
            return team.Value is not { } members ? owner.Because($"GitHub: no team {owner.Name}")
                : owner.Because($"GitHub team {owner.Name} members: {string.Join(", ", members.Logins)}{(team.Stale ? " (stale)" : "")}") with
                {
                    Members = members.Logins.Select(l => Owner.Person(l, "github")).ToList(),
                };
        }
        if (owner.Email is not null) return owner;
        var user = await _api.UserAsync(owner.Name, cancellationToken).ConfigureAwait(false);
        return user.Value?.Email is { } email ? owner.Because($"GitHub user {owner.Name} public email {email}") with { Email = email } : owner;
    }
}
