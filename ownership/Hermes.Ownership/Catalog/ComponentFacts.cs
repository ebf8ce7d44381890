using Hermes.Ownership.Model;

namespace Hermes.Ownership.Catalog;

/// <summary>
/// What a Backstage Component says about ownership: its name is the service, <c>spec.owner</c> the owner,
/// <c>spec.system</c> the system, and the well-known annotations the repository (<c>github.com/project-slug</c>,
/// <c>backstage.io/source-location</c>), the team channel (<c>slack.com/bot-notify</c>, else the owner group's or
/// the system's), the on-call (<c>pagerduty.com/service-id</c>) and the criticality (<c>hermes.dev/criticality</c>,
/// else the <c>tier</c> label).
/// </summary>
public static class ComponentFacts
{
    public static OwnershipFacts From(CatalogEntity component, BackstageCatalog catalog, string source, string why)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(catalog);
        Claim<T> Say<T>(T value, string detail) => new(value, source, $"{why}; {detail}");
        var system = component.System is { } s ? catalog.Find(EntityRef.Parse(s, "system", component.Ref.Namespace)) : null;
        var ownerRef = component.Owner is { } o ? EntityRef.Parse(o, "group", component.Ref.Namespace) : (EntityRef?)null;
        var ownerEntity = ownerRef is { } r ? catalog.Find(r) : null;

        var (repository, path) = Repository(component);
        var channel = component.Annotation("slack.com/bot-notify") is { } c ? (c, $"Component {component.Name} annotation slack.com/bot-notify")
            : ownerEntity?.Annotation("slack.com/bot-notify") is { } g ? (g, $"{ownerEntity.Ref} annotation slack.com/bot-notify")
            : system?.Annotation("slack.com/bot-notify") is { } y ? (y, $"{system.Ref} annotation slack.com/bot-notify") : default;
        var onCall = component.Annotation("pagerduty.com/service-id") ?? system?.Annotation("pagerduty.com/service-id");
        var criticality = component.Annotation("hermes.dev/criticality") is { } k ? (k, "annotation hermes.dev/criticality")
            : component.Labels.TryGetValue("tier", out var tier) ? (tier, "label tier") : default;

        return new OwnershipFacts
        {
            Service = Say(component.Name, $"Component {component.Name} ({component.Location})"),
            System = component.System is null ? null : Say(component.System, $"Component {component.Name} spec.system"),
            Repository = repository is null ? null : Say(repository.Value.Repo, $"Component {component.Name} {repository.Value.Why}"),
            RepositoryPath = path is null ? null : Say(path, $"Component {component.Name} {repository!.Value.Why}"),
            Owners = ownerRef is not { } owner ? null
                : Say<IReadOnlyList<Owner>>([owner.Kind == "user" ? Owner.Person(owner.ToString(), "catalog") : Owner.Team(owner.ToString(), "catalog")],
                    $"Component {component.Name} spec.owner: {component.Owner}"),
            Channel = channel.Item1 is null ? null : Say(channel.Item1, channel.Item2),
            Criticality = criticality.Item1 is null ? null : Say(criticality.Item1, $"Component {component.Name} {criticality.Item2}"),
            OnCall = onCall is null ? null : Say($"pagerduty:{onCall}", "annotation pagerduty.com/service-id"),
        };
    }

    /// <summary><c>github.com/project-slug: acme/payments</c> or <c>backstage.io/source-location: url:https://github.com/acme/mono/tree/main/services/pay/</c>.</summary>
    private static ((string Repo, string Why)? Repository, string? Path) Repository(CatalogEntity component)
    {
        if (component.Annotation("backstage.io/source-location") is { } location
            && RepositoryUrl.TryParse(location.StartsWith("url:", StringComparison.Ordinal) ? location[4..] : location, out var repo, out var path))
            return ((repo, "annotation backstage.io/source-location"), path ?? component.Annotation("hermes.dev/path"));
        if (component.Annotation("github.com/project-slug") is { } slug && slug.Count(ch => ch == '/') == 1)
            return (($"github.com/{slug}", "annotation github.com/project-slug"), component.Annotation("hermes.dev/path"));
        return (null, null);
    }
}
