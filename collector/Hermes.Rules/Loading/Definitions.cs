using Hermes.Rules.Engine;

namespace Hermes.Rules.Loading;

// What the collect stage produces: every list, macro and rule with its final content after redefinitions,
// appends and overrides, in the order Falco gives them (first definition's position).

/// <summary>A list after collection.</summary>
public sealed class ListDefinition(string name, SourceLocation location, int order)
{
    /// <summary>The list's name.</summary>
    public string Name { get; } = name;
    /// <summary>Where it was first defined.</summary>
    public SourceLocation Location { get; set; } = location;
    /// <summary>Position among all items (its first definition).</summary>
    public int Order { get; } = order;
    /// <summary>Items before this position are visible to it: the position of its latest definition or append.</summary>
    public int Visibility { get; set; } = order;
    /// <summary>The items as written (names of earlier lists are expanded when compiling).</summary>
    public List<string> Items { get; } = [];
}

/// <summary>A macro after collection.</summary>
public sealed class MacroDefinition(string name, LocatedText condition, SourceLocation location, int order)
{
    /// <summary>The macro's name.</summary>
    public string Name { get; } = name;
    /// <summary>Its condition, with where each part came from.</summary>
    public LocatedText Condition { get; set; } = condition;
    /// <summary>Where it was first defined.</summary>
    public SourceLocation Location { get; set; } = location;
    /// <summary>Position among all items (its first definition).</summary>
    public int Order { get; } = order;
    /// <summary>Macros before this position are visible to it: the position of its latest definition or append.</summary>
    public int Visibility { get; set; } = order;
}

/// <summary>A rule exception after collection.</summary>
public sealed class ExceptionDefinition(string name, SourceLocation location)
{
    /// <summary>The exception's name, unique within the rule.</summary>
    public string Name { get; } = name;
    /// <summary>Where it was defined.</summary>
    public SourceLocation Location { get; } = location;
    /// <summary>Where its <c>comps</c> are (where comparison errors point).</summary>
    public SourceLocation CompsLocation { get; set; } = location;
    /// <summary>The fields the exception compares.</summary>
    public List<string> Fields { get; } = [];
    /// <summary>Whether <c>fields</c> was a list (tuples of values) rather than one field (a list of values).</summary>
    public bool FieldsIsList { get; set; }
    /// <summary>The operator per field.</summary>
    public List<string> Comps { get; } = [];
    /// <summary>The values: one tuple per entry; each part is a value or, for list operators, several.</summary>
    public List<ExceptionValue> Values { get; } = [];
}

/// <summary>One entry of an exception's <c>values</c>: one part per field; a part may be a list.</summary>
public sealed record ExceptionValue(IReadOnlyList<IReadOnlyList<string>> Parts, IReadOnlyList<bool> PartIsList, SourceLocation Location);

/// <summary>A rule after collection.</summary>
public sealed class RuleDefinition(string name, SourceLocation location, int order)
{
    /// <summary>The rule's name.</summary>
    public string Name { get; } = name;
    /// <summary>Where it was first defined.</summary>
    public SourceLocation Location { get; set; } = location;
    /// <summary>Position among all rules: with <c>rule_matching: first</c>, earlier rules win.</summary>
    public int Order { get; } = order;
    /// <summary>The condition.</summary>
    public LocatedText? Condition { get; set; }
    /// <summary>The output format.</summary>
    public LocatedText? Output { get; set; }
    /// <summary>The description.</summary>
    public string Description { get; set; } = string.Empty;
    /// <summary>The priority.</summary>
    public Priority Priority { get; set; } = Priority.Debug;
    /// <summary>The event source: <c>syscall</c> unless given.</summary>
    public string Source { get; set; } = "syscall";
    /// <summary>The tags.</summary>
    public List<string> Tags { get; } = [];
    /// <summary>Whether the rule is evaluated.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Whether to warn when the rule does not restrict evt.type.</summary>
    public bool WarnEventTypes { get; set; } = true;
    /// <summary>Skip the rule (with a warning) instead of failing when it uses an unknown field.</summary>
    public bool SkipIfUnknownFilter { get; set; }
    /// <summary>The exceptions, compiled into the condition as <c>and not (…)</c>.</summary>
    public List<ExceptionDefinition> Exceptions { get; } = [];
}
