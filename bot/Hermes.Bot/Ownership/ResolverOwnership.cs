using Hermes.Ownership;
using Hermes.Ownership.Model;

namespace Hermes.Bot.Ownership;

/// <summary>The ownership port on the ownership service (catalog, Kubernetes, registry, GitHub, AWS, Slack).</summary>
public sealed class ResolverOwnership(OwnershipService service) : IOwnershipPort
{
    public Task<Hermes.Ownership.Model.OwnershipAnswer> LookupAsync(WorkloadRef workload, CancellationToken cancellationToken) =>
        service.ResolveAsync(workload, cancellationToken);
}
