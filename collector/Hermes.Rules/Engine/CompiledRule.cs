using Hermes.Rules.Compilation;
using Hermes.Rules.Conditions;
using Hermes.Rules.Fields;
using Hermes.Rules.Loading;
using Hermes.Rules.Output;

namespace Hermes.Rules.Engine;

/// <summary>A loaded, compiled rule: what it matches (a predicate and the event types it can match) and what it says.</summary>
public sealed class CompiledRule
{
    internal CompiledRule(RuleDefinition definition, Predicate predicate, bool[] eventTypes, OutputFormat output, string conditionText, Expr resolvedCondition)
    {
        ResolvedCondition = resolvedCondition;
        Name = definition.Name;
        Description = definition.Description;
        Priority = definition.Priority;
        Source = definition.Source;
        Tags = definition.Tags.ToArray();
        Location = definition.Location;
        Order = definition.Order;
        Predicate = predicate;
        EventTypeSet = eventTypes;
        MatchesAllEventTypes = EventTypeResolver.IsAll(eventTypes);
        Output = output;
        OutputText = definition.Output?.Text ?? string.Empty;
        Condition = conditionText;
    }

    /// <summary>The rule's name.</summary>
    public string Name { get; }
    /// <summary>Its description.</summary>
    public string Description { get; }
    /// <summary>Its priority.</summary>
    public Priority Priority { get; }
    /// <summary>Its event source (<c>syscall</c>).</summary>
    public string Source { get; }
    /// <summary>Its tags.</summary>
    public IReadOnlyList<string> Tags { get; }
    /// <summary>Where it was defined.</summary>
    public SourceLocation Location { get; }
    /// <summary>Position in load order; with <c>rule_matching: first</c> the lowest wins.</summary>
    public int Order { get; }
    /// <summary>The compiled condition (exceptions included).</summary>
    public Predicate Predicate { get; }
    /// <summary>The condition text as written (without exceptions).</summary>
    public string Condition { get; }
    /// <summary>The condition with macros and lists expanded and exceptions appended, as it was compiled.</summary>
    public Expr ResolvedCondition { get; }
    /// <summary>The compiled output format.</summary>
    public OutputFormat Output { get; }
    /// <summary>The output format as written.</summary>
    public string OutputText { get; }
    /// <summary>Whether the rule can match every event type (it does not constrain evt.type).</summary>
    public bool MatchesAllEventTypes { get; }
    internal bool[] EventTypeSet { get; }

    /// <summary>The event type names this rule is evaluated for.</summary>
    public IEnumerable<string> EventTypeNames => EventTypeSet.Select((on, code) => (on, code)).Where(p => p.on).Select(p => EventTypes.NameOf(p.code));

    /// <inheritdoc />
    public override string ToString() => Name;
}
