using Hermes.Ownership.Model;

namespace Hermes.Ownership.Resolution;

/// <summary>
/// Asks each source in turn (each sees what the earlier ones found), merges their partial answers field by field
/// by precedence, then turns the owners into people with the people sources. A source that fails is reported in
/// the answer's <see cref="OwnershipAnswer.Tried"/> and the others still answer.
/// </summary>
public sealed class OwnershipResolver
{
    private const int MaxTeamDepth = 4;
    private readonly IReadOnlyList<IOwnershipSource> _sources;
    private readonly IReadOnlyList<IPeopleSource> _people;
    private readonly Dictionary<string, int> _rank;

    /// <param name="sources">In the order they run: a source can only use what the ones before it found.</param>
    /// <param name="precedence">Source names, most trusted first; unnamed sources rank after them in run order.</param>
    public OwnershipResolver(IReadOnlyList<IOwnershipSource> sources, IReadOnlyList<string> precedence, IReadOnlyList<IPeopleSource> people)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(precedence);
        _sources = sources;
        _people = people ?? [];
        _rank = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in precedence) _rank.TryAdd(name, _rank.Count);
        foreach (var source in sources) _rank.TryAdd(source.Name, _rank.Count);
    }

    public async Task<OwnershipAnswer> ResolveAsync(WorkloadRef workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var found = new List<(int Rank, OwnershipFacts Facts)>();
        var tried = new List<SourceReport>(_sources.Count);
        var merged = new OwnershipFacts();
        foreach (var source in _sources)
        {
            SourceResult result;
            try
            {
                result = await source.LocateAsync(workload, merged, cancellationToken).ConfigureAwait(false);
            }
            catch (OwnershipSourceException e)
            {
                tried.Add(new SourceReport(source.Name, $"unavailable: {e.Message}"));
                continue;
            }
            tried.Add(new SourceReport(source.Name, result.Said, result.Stale));
            if (result.Facts is null || result.Facts.IsEmpty) continue;
            found.Add((_rank[source.Name], result.Facts));
            merged = OwnershipFacts.Merge(found.OrderBy(f => f.Rank).Select(f => f.Facts));
        }
        if (merged.Owners is { } owners && _people.Count > 0)
        {
            var people = new List<Owner>(owners.Value.Count);
            foreach (var owner in owners.Value)
                people.Add(await EnrichAsync(owner, 0, cancellationToken).ConfigureAwait(false));
            merged = merged with { Owners = owners with { Value = people } };
        }
        return new OwnershipAnswer(workload, merged, tried);
    }

    private async Task<Owner> EnrichAsync(Owner owner, int depth, CancellationToken cancellationToken)
    {
        foreach (var source in _people)
        {
            try
            {
                owner = await source.EnrichAsync(owner, cancellationToken).ConfigureAwait(false);
            }
            catch (OwnershipSourceException e)
            {
                owner = owner.Because($"{source.Name} unavailable: {e.Message}");
            }
        }
        if (owner.Kind != OwnerKind.Team || owner.Members is not { Count: > 0 } members || depth >= MaxTeamDepth) return owner;
        var enriched = new List<Owner>(members.Count);
        foreach (var member in members)
            enriched.Add(await EnrichAsync(member, depth + 1, cancellationToken).ConfigureAwait(false));
        return owner with { Members = enriched };
    }
}
