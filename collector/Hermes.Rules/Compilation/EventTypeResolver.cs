using Hermes.Rules.Conditions;
using Hermes.Rules.Fields;

namespace Hermes.Rules.Compilation;

/// <summary>
/// Works out which event types a resolved condition can match, so the engine only evaluates a rule for those.
/// <c>evt.type = x</c> and <c>evt.type in (…)</c> name types; <c>and</c> intersects, <c>or</c> unites, and <c>not</c>
/// is pushed down to the checks (De Morgan), so <c>not evt.type = x</c> is every type but x. Any other check can
/// match every type.
/// </summary>
public static class EventTypeResolver
{
    /// <summary>The set of event type codes the expression may match (a bit per code).</summary>
    public static bool[] Resolve(Expr expr) => Visit(expr, negated: false);

    /// <summary>Whether the set has every event type: the rule does not constrain <c>evt.type</c>.</summary>
    public static bool IsAll(bool[] set) => Array.TrueForAll(set, b => b);

    private static bool[] Visit(Expr expr, bool negated)
    {
        switch (expr)
        {
            case AndExpr a:
                return Combine(a.Children, negated, intersect: !negated);
            case OrExpr o:
                return Combine(o.Children, negated, intersect: negated);
            case NotExpr n:
                return Visit(n.Child, !negated);
            case CheckExpr { Left: FieldExpr { Name: "evt.type", Argument: null } } c when c.Right is ValueExpr or ListExpr:
                var named = Named(c);
                if (named is null) return All();
                var positive = c.Operator == "!=" ? Complement(named) : named;
                return negated ? Complement(positive) : positive;
            default:
                return All();
        }
    }

    private static bool[]? Named(CheckExpr check)
    {
        if (check.Operator is not ("=" or "==" or "!=" or "in" or "intersects")) return null;
        var set = new bool[EventTypes.Count];
        IEnumerable<ValueExpr> values = check.Right is ListExpr list ? list.Items : [(ValueExpr)check.Right!];
        foreach (var value in values)
        {
            var code = EventTypes.CodeOf(value.Value);
            if (code >= 0) set[code] = true;
        }
        return set;
    }

    private static bool[] Combine(IReadOnlyList<Expr> children, bool negated, bool intersect)
    {
        var result = intersect ? All() : new bool[EventTypes.Count];
        foreach (var child in children)
        {
            var set = Visit(child, negated);
            for (var i = 0; i < result.Length; i++)
                result[i] = intersect ? result[i] && set[i] : result[i] || set[i];
        }
        return result;
    }

    private static bool[] All()
    {
        var all = new bool[EventTypes.Count];
        Array.Fill(all, true);
        return all;
    }

    private static bool[] Complement(bool[] set) => set.Select(b => !b).ToArray();
}
