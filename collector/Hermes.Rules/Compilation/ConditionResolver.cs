using Hermes.Rules.Conditions;

namespace Hermes.Rules.Compilation;

/// <summary>
/// Replaces macro references by the macros' conditions and list names inside list values by the lists' items
/// (recursively: a list may contain lists), the way Falco's macro and list resolvers do. Only the macros and
/// lists passed in are visible, so the loader can make an item see just what was defined before it.
/// </summary>
public sealed class ConditionResolver(
    IReadOnlyDictionary<string, Expr> macros,
    IReadOnlyDictionary<string, IReadOnlyList<string>> lists,
    IReadOnlySet<string>? failedMacros = null)
{
    /// <summary>Macros the last <see cref="Resolve"/> calls used, so unused ones can be reported.</summary>
    public HashSet<string> UsedMacros { get; } = new(StringComparer.Ordinal);

    /// <summary>Lists the last <see cref="Resolve"/> calls used.</summary>
    public HashSet<string> UsedLists { get; } = new(StringComparer.Ordinal);

    /// <summary>Returns the expression with macros and lists substituted; errors go to <paramref name="errors"/>.</summary>
    public Expr Resolve(Expr expr, List<CompileError> errors) => Visit(expr, errors, []);

    private Expr Visit(Expr expr, List<CompileError> errors, List<string> expanding) => expr switch
    {
        AndExpr a => a with { Children = a.Children.Select(c => Visit(c, errors, expanding)).ToList() },
        OrExpr o => o with { Children = o.Children.Select(c => Visit(c, errors, expanding)).ToList() },
        NotExpr n => n with { Child = Visit(n.Child, errors, expanding) },
        MacroRefExpr m => Expand(m, errors, expanding),
        CheckExpr { Right: ListExpr list } c => c with { Right = ExpandList(list) },
        _ => expr,
    };

    private Expr Expand(MacroRefExpr reference, List<CompileError> errors, List<string> expanding)
    {
        if (failedMacros?.Contains(reference.Name) == true)
        {
            UsedMacros.Add(reference.Name);
            errors.Add(new CompileError($"Macro '{reference.Name}' has errors (reported where it is defined)", reference.Offset));
            return reference;
        }
        if (!macros.TryGetValue(reference.Name, out var body))
        {
            errors.Add(new CompileError($"Undefined macro '{reference.Name}' used in filter.", reference.Offset));
            return reference;
        }
        if (expanding.Contains(reference.Name))
        {
            errors.Add(new CompileError($"Macro '{reference.Name}' refers to itself through '{string.Join("' → '", expanding)}'", reference.Offset));
            return reference;
        }
        UsedMacros.Add(reference.Name);
        expanding.Add(reference.Name);
        var expanded = Visit(body, errors, expanding);
        expanding.RemoveAt(expanding.Count - 1);
        return expanded;
    }

    private ListExpr ExpandList(ListExpr list)
    {
        var items = new List<ValueExpr>();
        foreach (var item in list.Items)
        {
            if (!item.Quoted && lists.TryGetValue(item.Value, out var values))
            {
                UsedLists.Add(item.Value);
                items.AddRange(values.Select(v => new ValueExpr(Unquote(v), false, item.Offset)));
            }
            else
            {
                items.Add(item);
            }
        }
        return list with { Items = items };
    }

    // List items are condition text: Falco substitutes them as written, so an item in quotes is a quoted string.
    private static string Unquote(string item)
    {
        if (item.Length < 2 || item[0] is not ('"' or '\'') || item[^1] != item[0]) return item;
        var quote = item[0];
        var value = new System.Text.StringBuilder(item.Length);
        for (var i = 1; i < item.Length - 1; i++)
        {
            if (item[i] == '\\' && i + 1 < item.Length - 1 && (item[i + 1] == quote || item[i + 1] == '\\')) i++;
            value.Append(item[i]);
        }
        return value.ToString();
    }
}
