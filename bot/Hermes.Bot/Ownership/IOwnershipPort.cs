using Hermes.Ownership.Model;

namespace Hermes.Bot.Ownership;

/// <summary>The bot's seam to the ownership service: a workload in, the answer with its provenance (or what was tried) out.</summary>
public interface IOwnershipPort
{
    Task<Hermes.Ownership.Model.OwnershipAnswer> LookupAsync(WorkloadRef workload, CancellationToken cancellationToken);
}
