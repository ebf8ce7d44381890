using Hermes.Ownership.Model;
using Hermes.Ownership.Resolution;

namespace Hermes.Ownership.Kubernetes;

/// <summary>
/// Ownership from Kubernetes metadata: the pod labels the alert carries, and, when the Kubernetes API is
/// configured, the pod's annotations and its namespace's labels and annotations. Which keys mean what is
/// <see cref="KubernetesKeys"/>.
/// </summary>
public sealed class KubernetesSource : IOwnershipSource
{
    private readonly KubernetesKeys _keys;
    private readonly KubernetesApi? _api;

    public KubernetesSource(KubernetesKeys keys, KubernetesApi? api)
    {
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _api = api;
    }

    public string Name => "kubernetes";

    public async ValueTask<SourceResult> LocateAsync(WorkloadRef workload, OwnershipFacts soFar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        // Most specific first: what the pod says about itself, then what its namespace says.
        var places = new List<(string Where, IReadOnlyDictionary<string, string> Map)>
        {
            ("pod annotation", workload.AnnotationsOrEmpty),
            ("pod label", workload.LabelsOrEmpty),
        };
        var stale = false;
        var via = "labels in the alert";
        if (_api is not null && workload.Namespace is { } ns)
        {
            var fetched = await (workload.Pod is { } pod ? _api.PodAsync(ns, pod, cancellationToken) : _api.PodAsync(ns, "", cancellationToken)).ConfigureAwait(false);
            if (fetched.Value is { } meta)
            {
                places.Insert(1, ("pod annotation", meta.PodAnnotations));
                places.Add(("pod label", meta.PodLabels));
                places.Add(("namespace annotation", meta.NamespaceAnnotations));
                places.Add(("namespace label", meta.NamespaceLabels));
                via = $"labels in the alert and the Kubernetes API {_api.Server}";
                stale = fetched.Stale;
            }
        }
        Claim<string>? Find(IReadOnlyList<string> keys)
        {
            foreach (var (where, map) in places)
                foreach (var key in keys)
                    if (map.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
                        return new Claim<string>(value.Trim(), Name, $"{where} {key}={value.Trim()}");
            return null;
        }
        var owner = Find(_keys.Owner);
        var repository = Find(_keys.Repository);
        var facts = new OwnershipFacts
        {
            Service = Find(_keys.Service),
            System = Find(_keys.System),
            Owners = owner is null ? null : new Claim<IReadOnlyList<Owner>>([ParseOwner(owner.Value)], Name, owner.Why),
            Channel = Find(_keys.Channel),
            Repository = repository is not null && RepositoryUrl.TryParse(repository.Value, out var repo, out _) ? repository with { Value = repo } : null,
            Criticality = Find(_keys.Criticality),
        };
        var said = facts.IsEmpty ? $"no ownership keys in the {via}"
            : $"{via}: " + string.Join(", ", new[] { facts.Service, facts.System, facts.Repository, facts.Channel, facts.Criticality, owner }.OfType<Claim<string>>().Select(c => c.Why));
        return new SourceResult(facts.IsEmpty ? null : facts, said, stale);
    }

    /// <summary>An email, <c>@org/team</c>/<c>@user</c> as in CODEOWNERS, <c>user:x</c>/<c>group:x</c>, else a catalog group.</summary>
    public static Owner ParseOwner(string text) =>
        text.StartsWith('@') || text.IndexOf('@', StringComparison.Ordinal) > 0 ? Owner.FromCodeOwners(text)
        : text.StartsWith("user:", StringComparison.OrdinalIgnoreCase) ? Owner.Person(Catalog.EntityRef.Parse(text, "user").ToString(), "catalog")
        : Owner.Team(Catalog.EntityRef.Parse(text, "group").ToString(), "catalog");
}
