using Hermes.Ownership.Model;

namespace Hermes.Ownership.Resolution;

/// <summary>
/// One place ownership can come from (Kubernetes labels, the catalog, image labels, GitHub, AWS tags). A source
/// sees the workload and what earlier sources found (e.g. GitHub needs the repository that the image named) and
/// gives its partial answer with provenance, or says why it has none.
/// </summary>
public interface IOwnershipSource
{
    /// <summary>The name used in provenance and in <c>Ownership:Precedence</c>.</summary>
    string Name { get; }

    ValueTask<SourceResult> LocateAsync(WorkloadRef workload, OwnershipFacts soFar, CancellationToken cancellationToken);
}

/// <summary>A source's partial answer (null when it has none) and a sentence on what it found or tried.</summary>
public sealed record SourceResult(OwnershipFacts? Facts, string Said, bool Stale = false)
{
    public static SourceResult Nothing(string said) => new(null, said);
}

/// <summary>
/// Turns owners into people to ask: a team into its members, a person into an email and a Slack user id.
/// Returns the owner unchanged when it knows nothing about it.
/// </summary>
public interface IPeopleSource
{
    string Name { get; }

    ValueTask<Owner> EnrichAsync(Owner owner, CancellationToken cancellationToken);
}
