using Hermes.Ownership.Model;
using Hermes.Ownership.Kubernetes;
using Hermes.Ownership.Resolution;

namespace Hermes.Ownership.Catalog;

/// <summary>
/// The local Backstage catalog as a source. A Component is the workload's service when, in this order: the pod's
/// <c>backstage.io/kubernetes-id</c> label equals the Component's annotation; its
/// <c>backstage.io/kubernetes-label-selector</c> matches the pod labels (within <c>backstage.io/kubernetes-namespace</c>
/// when given); one of its <c>hermes.dev/images</c> globs matches the image; its repository is the one an earlier
/// source found; its name is the service an earlier source found; or it claims the whole namespace
/// (<c>backstage.io/kubernetes-namespace</c>, a glob, without id or selector). As a people source it expands Groups
/// into members and gives Users their email and Slack id (<c>slack.com/user-id</c>, an override of the lookup).
/// </summary>
public sealed class CatalogSource : IOwnershipSource, IPeopleSource
{
    private readonly CatalogFile _file;

    public CatalogSource(CatalogFile file) => _file = file ?? throw new ArgumentNullException(nameof(file));

    public string Name => "catalog";

    public ValueTask<SourceResult> LocateAsync(WorkloadRef workload, OwnershipFacts soFar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(soFar);
        var catalog = _file.Current;
        if (_file.Path is null) return ValueTask.FromResult(SourceResult.Nothing("no catalog configured (Ownership:CatalogPath)"));
        var (component, why) = Match(catalog, workload, soFar);
        var where = $"{_file.Path} ({catalog.Components.Count} components)";
        return ValueTask.FromResult(component is null
            ? SourceResult.Nothing($"no Component in {where} matches")
            : new SourceResult(ComponentFacts.From(component, catalog, Name, why), $"Component {component.Name} in {where}: {why}"));
    }

    internal static (CatalogEntity? Component, string Why) Match(BackstageCatalog catalog, WorkloadRef w, OwnershipFacts soFar)
    {
        var labels = w.LabelsOrEmpty;
        if (labels.TryGetValue("backstage.io/kubernetes-id", out var id))
            foreach (var c in catalog.Components)
                if (string.Equals(c.Annotation("backstage.io/kubernetes-id") ?? c.Name, id, StringComparison.OrdinalIgnoreCase))
                    return (c, $"pod label backstage.io/kubernetes-id={id}");
        foreach (var c in catalog.Components)
            if (c.Annotation("backstage.io/kubernetes-label-selector") is { } selector && InNamespace(c, w) && LabelSelector.Matches(selector, labels))
                return (c, $"pod labels match backstage.io/kubernetes-label-selector '{selector}'");
        if (w.Image is { } image)
            foreach (var c in catalog.Components)
                if (c.Annotation("hermes.dev/images") is { } globs
                    && globs.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(g => Glob.Of(g).Matches(image)) is { } glob)
                    return (c, $"image {image} matches hermes.dev/images '{glob}'");
        if (soFar.Repository is { } repo)
            foreach (var c in catalog.Components)
                if (c.Annotation("github.com/project-slug") is { } slug && repo.Value.EndsWith("/" + slug, StringComparison.OrdinalIgnoreCase))
                    return (c, $"repository {repo.Value} ({repo.Source}) has github.com/project-slug {slug}");
        if (soFar.Service is { } service)
            foreach (var c in catalog.Components)
                if (string.Equals(c.Name, service.Value, StringComparison.OrdinalIgnoreCase))
                    return (c, $"service name {service.Value} ({service.Source})");
        if (w.Namespace is { } ns)
            foreach (var c in catalog.Components)
                if (c.Annotation("backstage.io/kubernetes-namespace") is { } pattern && c.Annotation("backstage.io/kubernetes-id") is null
                    && c.Annotation("backstage.io/kubernetes-label-selector") is null && Glob.Of(pattern).Matches(ns))
                    return (c, $"namespace {ns} matches backstage.io/kubernetes-namespace '{pattern}'");
        return (null, "");
    }

    private static bool InNamespace(CatalogEntity c, WorkloadRef w) =>
        c.Annotation("backstage.io/kubernetes-namespace") is not { } ns || Glob.Of(ns).Matches(w.Namespace);

    public ValueTask<Owner> EnrichAsync(Owner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var catalog = _file.Current;
        return ValueTask.FromResult(owner.Kind == OwnerKind.Team ? Team(owner, catalog) : Person(owner, catalog));
    }

    private static Owner Team(Owner team, BackstageCatalog catalog)
    {
        if (team.Origin != "catalog" || catalog.Find(EntityRef.Parse(team.Name, "group")) is not { } group || team.Members is { Count: > 0 }) return team;
        var members = group.Members.Select(m => Owner.Person(EntityRef.Parse(m, "user", group.Ref.Namespace).ToString(), "catalog"))
            .Concat(group.Children.Select(c => Owner.Team(EntityRef.Parse(c, "group", group.Ref.Namespace).ToString(), "catalog")))
            .ToList();
        return team.Because($"catalog: {group.Ref} members {string.Join(", ", group.Members)} ({group.Location})") with { Members = members, Email = group.Email };
    }

    private static Owner Person(Owner person, BackstageCatalog catalog)
    {
        var user = person.Origin switch
        {
            "catalog" => catalog.Find(EntityRef.Parse(person.Name, "user")),
            "github" => catalog.UserByGitHubLogin(person.Name),
            _ => null,
        } ?? (person.Email is { } email ? catalog.UserByEmail(email) : null);
        if (user is null) return person;
        var enriched = person with { Email = person.Email ?? user.Email, SlackUserId = person.SlackUserId ?? user.Annotation("slack.com/user-id") };
        if (enriched == person) return person;
        var said = new List<string>();
        if (person.Email is null && user.Email is not null) said.Add($"email {user.Email}");
        if (person.SlackUserId is null && enriched.SlackUserId is not null) said.Add($"Slack id {enriched.SlackUserId} (slack.com/user-id)");
        return enriched.Because($"catalog: {user.Ref} {string.Join(", ", said)} ({user.Location})");
    }
}
