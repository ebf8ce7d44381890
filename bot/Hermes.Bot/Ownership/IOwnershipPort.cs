using Hermes.Bot.Cases;

namespace Hermes.Bot.Ownership;

/// <summary>The bot's seam to the ownership service: a workload in, an owner (or nobody) out.</summary>
public interface IOwnershipPort
{
    Task<OwnershipAnswer?> ResolveAsync(Workload workload, CancellationToken cancellationToken);

    /// <summary>What was consulted, for an explicit "unowned" answer (e.g. "catalog /etc/hermes/catalog.yaml: 12 services").</summary>
    IReadOnlyList<string> Sources { get; }
}
