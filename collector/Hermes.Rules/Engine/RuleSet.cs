using Hermes.Rules.Fields;

namespace Hermes.Rules.Engine;

/// <summary>
/// The enabled rules, indexed by event type: for each event only the rules whose condition can match its type
/// are evaluated, in load order. Immutable once built; swap a whole new set to reload.
/// </summary>
/// <remarks>Evaluate from one thread at a time (compiled transformers keep scratch buffers).</remarks>
public sealed class RuleSet
{
    private readonly CompiledRule[][] _byEventType;

    internal RuleSet(IReadOnlyList<CompiledRule> rules)
    {
        Rules = rules;
        _byEventType = new CompiledRule[EventTypes.Count][];
        for (var code = 0; code < EventTypes.Count; code++)
            _byEventType[code] = rules.Where(r => r.EventTypeSet[code]).OrderBy(r => r.Order).ToArray();
    }

    /// <summary>The enabled rules in load order.</summary>
    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>The rules evaluated for an event type, in load order.</summary>
    public IReadOnlyList<CompiledRule> RulesFor(int eventType) =>
        (uint)eventType < (uint)_byEventType.Length ? _byEventType[eventType] : [];

    /// <summary>The first rule, in load order, that matches the event; null when none does.</summary>
    public CompiledRule? MatchFirst(IEventSource evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var type = evt.EventType;
        if ((uint)type >= (uint)_byEventType.Length) return null;
        foreach (var rule in _byEventType[type])
            if (rule.Predicate.Evaluate(evt)) return rule;
        return null;
    }

    /// <summary>Adds every matching rule to <paramref name="matches"/> (cleared first); returns how many matched.</summary>
    public int MatchAll(IEventSource evt, List<CompiledRule> matches)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(matches);
        matches.Clear();
        var type = evt.EventType;
        if ((uint)type >= (uint)_byEventType.Length) return 0;
        foreach (var rule in _byEventType[type])
            if (rule.Predicate.Evaluate(evt)) matches.Add(rule);
        return matches.Count;
    }

    /// <summary>Evaluates with a matching mode, adding the rules that fire to <paramref name="matches"/>.</summary>
    public int Match(IEventSource evt, RuleMatching mode, List<CompiledRule> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        if (mode == RuleMatching.All) return MatchAll(evt, matches);
        matches.Clear();
        if (MatchFirst(evt) is { } first) matches.Add(first);
        return matches.Count;
    }
}
