using Hermes.Rules.Fields;

namespace Hermes.Rules.Compilation;

/// <summary>
/// A compiled condition or part of one. The compiler picks a specialised predicate per operator and value type
/// when a rule loads, so evaluating an event is a few virtual calls and no allocation: no AST is walked.
/// </summary>
/// <remarks>Predicates that transform values keep a scratch buffer: evaluate a rule set from one thread at a time.</remarks>
public abstract class Predicate
{
    /// <summary>Whether the event satisfies this predicate.</summary>
    public abstract bool Evaluate(IEventSource evt);
}

internal sealed class AndPredicate(Predicate[] children) : Predicate
{
    public override bool Evaluate(IEventSource evt)
    {
        foreach (var child in children)
            if (!child.Evaluate(evt)) return false;
        return true;
    }
}

internal sealed class OrPredicate(Predicate[] children) : Predicate
{
    public override bool Evaluate(IEventSource evt)
    {
        foreach (var child in children)
            if (child.Evaluate(evt)) return true;
        return false;
    }
}

internal sealed class NotPredicate(Predicate child) : Predicate
{
    public override bool Evaluate(IEventSource evt) => !child.Evaluate(evt);
}
