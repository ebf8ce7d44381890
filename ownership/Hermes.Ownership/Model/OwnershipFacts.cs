namespace Hermes.Ownership.Model;

/// <summary>
/// What one source says about a workload, each value with its provenance; any part may be missing. The resolver
/// merges several of these by precedence into an <see cref="OwnershipAnswer"/>.
/// </summary>
public sealed record OwnershipFacts
{
    public Claim<string>? Service { get; init; }

    public Claim<string>? System { get; init; }

    /// <summary>A repository as <c>host/owner/name</c> (e.g. <c>github.com/acme/payments</c>).</summary>
    public Claim<string>? Repository { get; init; }

    public Claim<string>? Revision { get; init; }

    /// <summary>The service's folder inside its repository (monorepos); CODEOWNERS is applied to it.</summary>
    public Claim<string>? RepositoryPath { get; init; }

    public Claim<IReadOnlyList<Owner>>? Owners { get; init; }

    public Claim<string>? Channel { get; init; }

    public Claim<string>? Criticality { get; init; }

    /// <summary>Who is on call for the service, e.g. <c>pagerduty:PABC123</c>.</summary>
    public Claim<string>? OnCall { get; init; }

    public bool IsEmpty => Service is null && System is null && Repository is null && Revision is null && RepositoryPath is null
        && Owners is null && Channel is null && Criticality is null && OnCall is null;

    /// <summary>Field by field, the first of <paramref name="ordered"/> (highest precedence first) that has a value.</summary>
    public static OwnershipFacts Merge(IEnumerable<OwnershipFacts> ordered)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var merged = new OwnershipFacts();
        foreach (var f in ordered)
            merged = merged with
            {
                Service = merged.Service ?? f.Service,
                System = merged.System ?? f.System,
                Repository = merged.Repository ?? f.Repository,
                Revision = merged.Revision ?? f.Revision,
                RepositoryPath = merged.RepositoryPath ?? f.RepositoryPath,
                Owners = merged.Owners ?? f.Owners,
                Channel = merged.Channel ?? f.Channel,
                Criticality = merged.Criticality ?? f.Criticality,
                OnCall = merged.OnCall ?? f.OnCall,
            };
        return merged;
    }
}
