namespace Hermes.Rules.Conditions;

// The condition AST, as libsinsp's parser builds it. Positions are offsets into the condition text, so errors
// can be mapped back to the rules file's line and column.

/// <summary>A node of a condition.</summary>
public abstract record Expr(int Offset);

/// <summary><c>a and b and c</c>.</summary>
public sealed record AndExpr(IReadOnlyList<Expr> Children, int Offset) : Expr(Offset);

/// <summary><c>a or b or c</c>.</summary>
public sealed record OrExpr(IReadOnlyList<Expr> Children, int Offset) : Expr(Offset);

/// <summary><c>not a</c>.</summary>
public sealed record NotExpr(Expr Child, int Offset) : Expr(Offset);

/// <summary>A bare identifier: a macro reference.</summary>
public sealed record MacroRefExpr(string Name, int Offset) : Expr(Offset);

/// <summary>
/// A check: <c>left operator [modifier] [right]</c>. <see cref="Right"/> is null for unary operators (<c>exists</c>);
/// <see cref="Modifier"/> is <c>oneof</c>, <c>anyof</c> or <c>allof</c> when a string operator is applied to a list.
/// </summary>
public sealed record CheckExpr(Operand Left, string Operator, Expr? Right, int Offset, string? Modifier = null) : Expr(Offset);

/// <summary>A value on the right of a check: a string or number as written (quotes removed, escapes resolved).</summary>
public sealed record ValueExpr(string Value, bool Quoted, int Offset) : Expr(Offset);

/// <summary>A list value: <c>(a, b, "c d")</c>. An item may name a list, which the compiler expands.</summary>
public sealed record ListExpr(IReadOnlyList<ValueExpr> Items, int Offset) : Expr(Offset);

/// <summary>What a check reads: a field, or a transformer applied to fields.</summary>
public abstract record Operand(int Offset) : Expr(Offset);

/// <summary>A field as written: <c>proc.aname[2]</c> has name <c>proc.aname</c> and argument <c>2</c>.</summary>
public sealed record FieldExpr(string Name, string? Argument, int Offset) : Operand(Offset)
{
    /// <summary>The field as written in a condition.</summary>
    public string Text => Argument is null ? Name : $"{Name}[{Argument}]";
}

/// <summary>
/// A transformer: <c>tolower(proc.name)</c>, <c>concat(fd.directory, "/x")</c>, <c>join("-", (a, b))</c>;
/// <c>val(proc.pname)</c> on the right of a check. Arguments are operands, quoted strings or numbers
/// (<see cref="ValueExpr"/>), or parenthesised argument lists (<see cref="ArgumentListExpr"/>).
/// </summary>
public sealed record TransformerExpr(string Name, IReadOnlyList<Expr> Arguments, int Offset) : Operand(Offset);

/// <summary>A parenthesised list of transformer arguments: <c>(fd.name, "x", toupper(proc.name))</c>.</summary>
public sealed record ArgumentListExpr(IReadOnlyList<Expr> Items, int Offset) : Expr(Offset);
