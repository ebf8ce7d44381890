namespace Hermes.Ownership.Model;

/// <summary>
/// The resolved ownership of a workload: the merged facts, the people to ask (teams expanded, emails and Slack
/// ids filled in), and what every source said, which is also the explicit answer when nothing was found.
/// </summary>
public sealed record OwnershipAnswer(WorkloadRef Workload, OwnershipFacts Facts, IReadOnlyList<SourceReport> Tried)
{
    /// <summary>Owned means someone to ask or somewhere to ask: owners or a team channel.</summary>
    public bool Owned => Facts.Owners is { Value.Count: > 0 } || Facts.Channel is not null;

    /// <summary>The people behind the owners, in order, without repeats.</summary>
    public IReadOnlyList<Owner> People => (Facts.Owners?.Value ?? []).SelectMany(o => o.People())
        .DistinctBy(p => p.Email ?? p.SlackUserId ?? $"{p.Origin}:{p.Name}").ToList();
}

/// <summary>What one source was asked and said (or why it could not answer).</summary>
public sealed record SourceReport(string Source, string Said, bool Stale = false)
{
    public override string ToString() => Stale ? $"{Source}: {Said} (stale)" : $"{Source}: {Said}";
}
