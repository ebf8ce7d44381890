namespace Hermes.Bot.Ownership;

/// <summary>Who owns a workload and where to reach them, with why Hermes believes it.</summary>
/// <param name="Owners">Chat user ids to ask, in order; the first is asked.</param>
/// <param name="Provenance">For each value, where it came from (shown to the owner and in the timeline).</param>
public sealed record OwnershipAnswer(
    string Service, string? Repository, IReadOnlyList<string> Owners, string? Channel, string? Criticality,
    IReadOnlyDictionary<string, string> Provenance);
