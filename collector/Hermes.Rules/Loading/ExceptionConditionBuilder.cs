using Hermes.Rules.Conditions;

namespace Hermes.Rules.Loading;

/// <summary>
/// Builds the condition a rule's exceptions add, the way Falco compiles them: each value of an exception is
/// <c>(field1 comp1 value1 and field2 comp2 value2 …)</c>, values of all exceptions are or-ed, and the rule's
/// condition becomes <c>(condition) and not (…)</c>. Built as an AST, so values need no quoting.
/// </summary>
internal static class ExceptionConditionBuilder
{
    private static readonly HashSet<string> ListComps = new(StringComparer.Ordinal) { "in", "intersects", "pmatch" };

    /// <summary>The exceptions' expression, or null when no exception has values.</summary>
    public static Expr? Build(IEnumerable<ExceptionDefinition> exceptions, List<RuleDiagnostic> diagnostics)
    {
        var alternatives = new List<Expr>();
        foreach (var exception in exceptions)
        {
            if (!Validate(exception, diagnostics)) continue;
            foreach (var value in exception.Values)
            {
                if (!exception.FieldsIsList)
                {
                    // One field: all values form one list compared with the single comp.
                    continue;
                }
                var checks = new List<Expr>();
                for (var i = 0; i < exception.Fields.Count; i++)
                    checks.Add(Check(exception.Fields[i], exception.Comps[i], value.Parts[i]));
                alternatives.Add(checks.Count == 1 ? checks[0] : new AndExpr(checks, 0));
            }
            if (!exception.FieldsIsList && exception.Values.Count > 0)
            {
                var items = exception.Values.SelectMany(v => v.Parts[0]).ToList();
                var comp = exception.Comps[0];
                alternatives.Add(ListComps.Contains(comp)
                    ? Check(exception.Fields[0], comp, items)
                    : new OrExpr(items.Select(item => Check(exception.Fields[0], comp, [item])).ToList(), 0));
            }
        }
        if (alternatives.Count == 0) return null;
        return new NotExpr(alternatives.Count == 1 ? alternatives[0] : new OrExpr(alternatives, 0), 0);
    }

    private static Expr Check(string field, string comp, IReadOnlyList<string> values)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var fieldExpr = bracket > 0 && field.EndsWith(']')
            ? new FieldExpr(field[..bracket], field[(bracket + 1)..^1], 0)
            : new FieldExpr(field, null, 0);
        Expr right = ListComps.Contains(comp)
            ? new ListExpr(values.Select(v => new ValueExpr(v, false, 0)).ToList(), 0)
            : new ValueExpr(values.FirstOrDefault() ?? string.Empty, true, 0);
        return new CheckExpr(fieldExpr, comp, right, 0);
    }

    private static bool Validate(ExceptionDefinition exception, List<RuleDiagnostic> diagnostics)
    {
        var ok = true;
        foreach (var comp in exception.Comps)
        {
            if (ConditionParser.Operators.Contains(comp) && comp != "exists") continue;
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Error, LoadCodes.Validate, exception.CompsLocation,
                $"Exception '{exception.Name}': '{comp}' is not a valid comparison operator"));
            ok = false;
        }
        foreach (var field in exception.Fields)
        {
            var bracket = field.IndexOf('[', StringComparison.Ordinal);
            var name = bracket > 0 ? field[..bracket] : field;
            var argument = bracket > 0 && field.EndsWith(']') ? field[(bracket + 1)..^1] : null;
            if (Fields.FieldRegistry.TryResolve(name, argument, out _, out var error)) continue;
            diagnostics.Add(new RuleDiagnostic(DiagnosticSeverity.Error, LoadCodes.Validate, exception.Location,
                $"Exception '{exception.Name}': {error}"));
            ok = false;
        }
        return ok;
    }
}
