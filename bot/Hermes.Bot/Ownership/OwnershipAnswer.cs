namespace Hermes.Bot.Ownership;

/// <summary>Who owns a case's workload and where to reach them, with why Hermes believes it (stored on the case).</summary>
/// <param name="Owners">People to ask, in order, as the chat knows them (Slack user ids, else emails or names); the first is asked.</param>
/// <param name="Provenance">For each value, where it came from (shown to the owner and in the timeline).</param>
public sealed record OwnershipAnswer(
    string Service, string? Repository, IReadOnlyList<string> Owners, string? Channel, string? Criticality,
    IReadOnlyDictionary<string, string> Provenance, string? Revision = null, string? OnCall = null);
