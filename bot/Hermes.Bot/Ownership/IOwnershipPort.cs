using Hermes.Bot.Cases;

namespace Hermes.Bot.Ownership;

/// <summary>The bot's seam to the ownership service: a workload in, an owner (or nobody) out.</summary>
public interface IOwnershipPort
{
    Task<OwnershipAnswer?> ResolveAsync(Workload workload, CancellationToken cancellationToken);
}
