using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Hermes.Rules.Conditions;
using Hermes.Rules.Fields;

namespace Hermes.Rules.Compilation;

/// <summary>
/// Compiles a resolved condition (macros and lists already substituted) into a <see cref="Predicate"/>: fields are
/// resolved against the registry, operands converted to the field's type once, and each check gets the
/// predicate specialised for its operator. Every problem is collected with its offset; nothing is thrown.
/// </summary>
public static class ConditionCompiler
{
    private static readonly FrozenSet<string> NumericOperators =
        FrozenSet.ToFrozenSet(["=", "==", "!=", "<", "<=", ">", ">=", "in", "intersects", "exists"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> AddressOperators =
        FrozenSet.ToFrozenSet(["=", "==", "!=", "in", "intersects", "exists"], StringComparer.Ordinal);

    /// <summary>Compiles the expression; returns null when there were errors (all of them are in <paramref name="errors"/>).</summary>
    public static Predicate? Compile(Expr resolved, List<CompileError> errors)
    {
        var before = errors.Count;
        var predicate = Visit(resolved, errors);
        return errors.Count == before ? predicate : null;
    }

    /// <summary>Checks that every field of an expression exists, without compiling (used for macros on their own).</summary>
    public static void ValidateFields(Expr expr, List<CompileError> errors)
    {
        switch (expr)
        {
            case AndExpr a: foreach (var c in a.Children) ValidateFields(c, errors); break;
            case OrExpr o: foreach (var c in o.Children) ValidateFields(c, errors); break;
            case NotExpr n: ValidateFields(n.Child, errors); break;
            case CheckExpr c:
                ValidateOperandFields(c.Left, errors);
                if (c.Right is Operand right) ValidateOperandFields(right, errors);
                break;
        }
    }

    private static void ValidateOperandFields(Expr operand, List<CompileError> errors)
    {
        if (operand is FieldExpr f) ResolveField(f, errors);
        else if (operand is TransformerExpr t) foreach (var a in t.Arguments) ValidateOperandFields(a, errors);
        else if (operand is ArgumentListExpr l) foreach (var a in l.Items) ValidateOperandFields(a, errors);
    }

    private static Predicate Visit(Expr expr, List<CompileError> errors) => expr switch
    {
        AndExpr a => new AndPredicate(FlattenAnd(a).Select(c => Visit(c, errors)).ToArray()),
        OrExpr o => CompileOr(o, errors),
        NotExpr n => new NotPredicate(Visit(n.Child, errors)),
        CheckExpr c => CompileCheck(c, errors),
        MacroRefExpr m => Fail(errors, $"Undefined macro '{m.Name}' used in filter.", m.Offset),
        _ => Fail(errors, "unexpected value where a check was expected", expr.Offset),
    };

    private static readonly FrozenSet<string> MergeableOperators =
        FrozenSet.ToFrozenSet(["=", "==", "in", "startswith", "endswith", "contains", "glob", "pmatch"], StringComparer.Ordinal);

    // Rules often test one field against many patterns ("fd.name startswith /etc or fd.name startswith /usr or
    // fd.name in (...)"). Such alternatives are merged into one check that reads the field once; equality and
    // membership tests collapse into one set lookup.
    private static Predicate CompileOr(OrExpr or, List<CompileError> errors)
    {
        var groups = new Dictionary<string, List<CheckExpr>>(StringComparer.Ordinal);
        var others = new List<Expr>();
        foreach (var child in Flatten(or))
        {
            if (child is CheckExpr { Left: FieldExpr field, Right: ValueExpr or ListExpr } check &&
                MergeableOperators.Contains(check.Operator) &&
                FieldRegistry.TryResolve(field.Name, field.Argument, out var resolved, out _) &&
                resolved.Definition is { Type: FieldType.String, IsList: false } definition &&
                !(definition.IsMultiValuedWithoutIndex && resolved.Index < 0))
            {
                var key = field.Text;
                if (!groups.TryGetValue(key, out var group)) groups[key] = group = [];
                group.Add(check);
            }
            else
            {
                others.Add(child);
            }
        }
        var predicates = new List<Predicate>();
        foreach (var group in groups.Values)
        {
            if (group.Count == 1)
            {
                predicates.Add(CompileCheck(group[0], errors));
                continue;
            }
            var matchers = new List<StringMatcher>();
            var equal = new List<string>();
            foreach (var check in group)
            {
                var values = check.Right is ListExpr list ? list.Items : [(ValueExpr)check.Right!];
                if (check.Operator is "=" or "==" or "in") equal.AddRange(values.Select(v => v.Value));
                else if (CompileCheck(check, errors) is StringCheck single) matchers.Add(single.Matcher);
            }
            if (equal.Count > 0) matchers.Insert(0, new InSetMatcher(equal.ToFrozenSet(StringComparer.Ordinal)));
            var field = (FieldExpr)group[0].Left;
            FieldRegistry.TryResolve(field.Name, field.Argument, out var resolved, out _);
            predicates.Add(new StringCheck(new FieldStringOperand(resolved), matchers.Count == 1 ? matchers[0] : new AnyMatcher(matchers.ToArray()), requireAll: false));
        }
        predicates.AddRange(others.Select(c => Visit(c, errors)));
        return predicates.Count == 1 ? predicates[0] : new OrPredicate(predicates.ToArray());
    }

    // Macros expand into nested ors ("a or (b or c)"): flattening them lets more alternatives merge.
    private static IEnumerable<Expr> FlattenAnd(AndExpr and) =>
        and.Children.SelectMany(c => c is AndExpr nested ? FlattenAnd(nested) : [c]);

    private static IEnumerable<Expr> Flatten(OrExpr or) =>
        or.Children.SelectMany(c => c is OrExpr nested ? Flatten(nested) : [c]);

    private static Predicate Fail(List<CompileError> errors, string message, int offset, bool unknownField = false)
    {
        errors.Add(new CompileError(message, offset, unknownField));
        return Never.Instance;
    }

    private static FieldRef? ResolveField(FieldExpr field, List<CompileError> errors)
    {
        if (FieldRegistry.TryResolve(field.Name, field.Argument, out var resolved, out var error)) return resolved;
        var unknown = error!.StartsWith("filter_check called with nonexistent field", StringComparison.Ordinal);
        errors.Add(new CompileError(error, field.Offset, unknown));
        return null;
    }

    private static Predicate CompileCheck(CheckExpr check, List<CompileError> errors)
    {
        var left = CompileOperand(check.Left, errors);
        if (left is null) return Never.Instance;

        if (check.Operator == "exists")
        {
            return left.Field is { } exists
                ? new ExistsCheck(exists)
                : Fail(errors, "'exists' applies to fields, not to transformers", check.Offset);
        }

        if (check.Right is Operand rightOperand)
        {
            var right = CompileOperand(rightOperand, errors);
            if (right is null) return Never.Instance;
            if (left.Number is not null && right.Number is not null) return new NumberFieldCompareCheck(left.Number, check.Operator, right.Number);
            if (left.String is not null && right.String is not null) return new StringFieldCompareCheck(left.String, check.Operator, right.String);
            return Fail(errors, $"cannot compare values of different types with '{check.Operator}'", rightOperand.Offset);
        }

        var values = check.Right switch
        {
            ListExpr list => list.Items,
            ValueExpr value => [value],
            _ => [],
        };
        var isListOp = check.Operator is "in" or "intersects" or "pmatch" || check.Modifier is not null;
        if (check.Right is ValueExpr && isListOp)
            return Fail(errors, $"operator '{check.Operator}' needs a list of values", check.Right.Offset);
        if (check.Right is ListExpr && !isListOp)
            return Fail(errors, $"operator '{check.Operator}' takes a single value, not a list", check.Right.Offset);

        if (check.Modifier is not null) return CompileModifierCheck(check, left, values, errors);
        if (left.Number is not null) return CompileNumberCheck(check, left, values, errors);
        // Raw arguments (evt.rawarg.res) are text in the registry but numbers to the kernel: an ordering operator
        // with a numeric operand compares them as numbers, as libsinsp does with the argument's own type.
        if (left.String is { } raw && check.Operator is "<" or "<=" or ">" or ">=" && values.Count == 1 &&
            long.TryParse(values[0].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
            return new NumberCheck(new TextAsNumberOperand(raw), check.Operator, bound);
        if (left.Field is { Definition.IsAddress: true } address) return CompileAddressCheck(check, address, values, errors);
        return CompileStringCheck(check, left.String!, values, errors);
    }

    // "proc.name startswith anyof (/usr, /opt)": the operator against each list value, combined by the modifier.
    private static Predicate CompileModifierCheck(CheckExpr check, CompiledOperand left, IReadOnlyList<ValueExpr> values, List<CompileError> errors)
    {
        var mode = check.Modifier switch { "oneof" => ModifierMode.OneOf, "allof" => ModifierMode.AllOf, _ => ModifierMode.AnyOf };
        if (left.Field is { Definition.IsAddress: true } address)
        {
            var checks = new List<Predicate>();
            foreach (var value in values)
                checks.Add(CompileAddressCheck(check with { Modifier = null, Right = value }, address, [value], errors));
            return new ModifierPredicate(checks.ToArray(), mode);
        }
        var text = left.String ?? (left.Number is { } number ? new NumberAsStringOperand(number) : null);
        if (text is null)
            return Fail(errors, $"modifier '{check.Modifier}' is not supported on {left.Describe()}", check.Offset);
        var matchers = new List<StringMatcher>();
        foreach (var value in values)
        {
            var single = check with { Modifier = null, Right = value };
            if (left.Number is not null)
            {
                if (CompileNumberCheck(single, left, [value], errors) is not NumberCheck numeric) return Never.Instance;
                matchers.Add(new NumberTextMatcher(numeric));
                continue;
            }
            if (CompileStringCheck(single, text, [value], errors) is not StringCheck compiled) return Never.Instance;
            matchers.Add(compiled.Matcher);
        }
        return new StringCheck(text, new ModifierMatcher(matchers.ToArray(), mode), requireAll: false);
    }

    private static Predicate CompileNumberCheck(CheckExpr check, CompiledOperand left, IReadOnlyList<ValueExpr> values, List<CompileError> errors)
    {
        if (!NumericOperators.Contains(check.Operator))
            return Fail(errors, $"operator '{check.Operator}' is not supported on numeric {left.Describe()}", check.Offset);
        var isBool = left.Field?.Definition.Type == FieldType.Bool;
        var numbers = new List<long>();
        foreach (var value in values)
        {
            if (!TryParseNumber(value.Value, isBool, out var number))
            {
                errors.Add(new CompileError(
                    isBool ? $"'{value.Value}' is not a valid boolean for {left.Describe()}: use true or false"
                           : $"'{value.Value}' is not a valid number for {left.Describe()}", value.Offset));
                return Never.Instance;
            }
            numbers.Add(number);
        }
        return check.Operator is "in" or "intersects"
            ? new NumberCheck(left.Number!, numbers.ToFrozenSet())
            : new NumberCheck(left.Number!, check.Operator, numbers[0]);
    }

    private static bool TryParseNumber(string text, bool isBool, out long number)
    {
        number = 0;
        if (isBool)
        {
            if (text == "true") { number = 1; return true; }
            if (text == "false") return true;
            return false;
        }
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number)) return true;
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unsigned))
        {
            number = unchecked((long)unsigned);
            return true;
        }
        return false;
    }

    private static Predicate CompileAddressCheck(CheckExpr check, FieldRef field, IReadOnlyList<ValueExpr> values, List<CompileError> errors)
    {
        if (!AddressOperators.Contains(check.Operator))
            return Fail(errors, $"operator '{check.Operator}' is not supported on address field {field}", check.Offset);
        var networks = new List<IpNetwork>();
        foreach (var value in values)
        {
            if (!IpNetwork.TryParse(value.Value, out var network))
            {
                errors.Add(new CompileError($"'{value.Value}' is not a valid IP address or CIDR network for {field}", value.Offset));
                return Never.Instance;
            }
            networks.Add(network);
        }
        return new AddressCheck(field, networks.ToArray(), negate: check.Operator == "!=");
    }

    private static Predicate CompileStringCheck(CheckExpr check, StringOperand left, IReadOnlyList<ValueExpr> values, List<CompileError> errors)
    {
        var first = values.Count > 0 ? values[0].Value : string.Empty;
        StringMatcher matcher;
        switch (check.Operator)
        {
            case "=" or "==": matcher = new EqualsMatcher(first); break;
            case "!=": matcher = new NotEqualsMatcher(first); break;
            case "contains": matcher = new ContainsMatcher(first); break;
            case "icontains": matcher = new IContainsMatcher(first); break;
            case "startswith": matcher = new StartsWithMatcher(first); break;
            case "endswith": matcher = new EndsWithMatcher(first); break;
            case "glob": matcher = new GlobMatcher(first, ignoreCase: false); break;
            case "iglob": matcher = new GlobMatcher(first, ignoreCase: true); break;
            case "<" or "<=" or ">" or ">=": matcher = new OrderMatcher(first, check.Operator); break;
            case "in" or "intersects": matcher = new InSetMatcher(values.Select(v => v.Value).ToFrozenSet(StringComparer.Ordinal)); break;
            case "pmatch": matcher = new PathPrefixMatcher(values.Select(v => v.Value)); break;
            case "bcontains" or "bstartswith":
                if (!TryParseHex(first, out var bytes))
                    return Fail(errors, $"'{first}' is not a valid hex byte string for '{check.Operator}'", values[0].Offset);
                matcher = new BytesMatcher(bytes, check.Operator == "bstartswith");
                break;
            case "regex":
                try
                {
                    matcher = new RegexMatcher(new Regex(first, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
                }
                catch (ArgumentException e)
                {
                    return Fail(errors, $"invalid regular expression '{first}': {e.Message}", values[0].Offset);
                }
                break;
            default:
                return Fail(errors, $"unknown operator '{check.Operator}'", check.Offset);
        }
        // libsinsp: 'in' on a list-valued field requires every value to be in the set; 'intersects' any of them.
        return new StringCheck(left, matcher, requireAll: check.Operator == "in" && left.IsList);
    }

    private static bool TryParseHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 2 != 0) return false;
        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static CompiledOperand? CompileOperand(Expr operand, List<CompileError> errors)
    {
        switch (operand)
        {
            case FieldExpr fieldExpr:
                if (ResolveField(fieldExpr, errors) is not { } field) return null;
                var definition = field.Definition;
                if (definition.IsNumeric) return new CompiledOperand(field, null, new FieldNumberOperand(field));
                if (definition.IsAddress) return new CompiledOperand(field, null, null);
                return new CompiledOperand(field, new FieldStringOperand(field), null);

            case ValueExpr value:
                return new CompiledOperand(null, new ConstantStringOperand(value.Value), null);

            case TransformerExpr { Name: "val" } val:
                return CompileOperand(val.Arguments[0], errors);

            case TransformerExpr { Name: "concat" } concat:
                if (concat.Arguments.Count < 2) return Invalid(errors, "concat() requires at least 2 arguments", concat.Offset);
                var parts = concat.Arguments.Select(a => ScalarText(a, "concat", errors)).ToList();
                return parts.Any(p => p is null) ? null : new CompiledOperand(null, new ConcatOperand(parts.ToArray()!), null);

            case TransformerExpr { Name: "join" } join:
                if (join.Arguments.Count != 2) return Invalid(errors, "join() requires exactly 2 arguments: a separator and a list", join.Offset);
                var separator = ScalarText(join.Arguments[0], "join", errors);
                var joined = ListOf(join.Arguments[1], "join", errors);
                return separator is null || joined is null ? null : new CompiledOperand(null, new JoinOperand(separator, joined), null);

            case TransformerExpr { Name: "getopt" } getopt:
                if (getopt.Arguments.Count != 2) return Invalid(errors, "getopt() requires exactly 2 arguments: args list and optstring", getopt.Offset);
                var args = ListOf(getopt.Arguments[0], "getopt", errors);
                var optstring = ScalarText(getopt.Arguments[1], "getopt", errors);
                return args is null || optstring is null ? null : new CompiledOperand(null, new GetoptOperand(args, optstring), null);

            case TransformerExpr transformer:
                if (transformer.Arguments.Count != 1)
                    return Invalid(errors, $"transformer '{transformer.Name}' takes one argument", transformer.Offset);
                var inner = CompileOperand(transformer.Arguments[0], errors);
                if (inner is null) return null;
                if (transformer.Name == "len")
                {
                    var text = inner.String ?? (inner.Number is { } n ? new NumberAsStringOperand(n) : null);
                    return text is null
                        ? Invalid(errors, "transformer 'len' does not apply to address fields", transformer.Offset)
                        : new CompiledOperand(null, null, new LengthOperand(text));
                }
                if (inner.String is null)
                    return Invalid(errors, $"transformer '{transformer.Name}' applies to string fields only, not to {inner.Describe()}", transformer.Offset);
                return new CompiledOperand(null, new TransformedStringOperand(transformer.Name, inner.String), null);

            case ArgumentListExpr list:
                return Invalid(errors, "a list of arguments is only allowed as the list argument of join() or getopt()", list.Offset);

            default:
                return Invalid(errors, "expected a field or transformer", operand.Offset);
        }
    }

    private static CompiledOperand? Invalid(List<CompileError> errors, string message, int offset)
    {
        errors.Add(new CompileError(message, offset));
        return null;
    }

    // A single string argument (a field, transformer, quoted string or number), never a list.
    private static StringOperand? ScalarText(Expr argument, string transformer, List<CompileError> errors)
    {
        if (argument is ArgumentListExpr)
        {
            errors.Add(new CompileError($"{transformer}() arguments must be strings (not lists) here", argument.Offset));
            return null;
        }
        var compiled = CompileOperand(argument, errors);
        if (compiled is null) return null;
        var text = compiled.String ?? (compiled.Number is { } number ? new NumberAsStringOperand(number) : null);
        if (text is null || text.IsList)
        {
            errors.Add(new CompileError($"{transformer}() arguments must be strings (not lists) here", argument.Offset));
            return null;
        }
        return text;
    }

    // A list argument: "(a, b, …)" or a list-valued field.
    private static StringOperand? ListOf(Expr argument, string transformer, List<CompileError> errors)
    {
        if (argument is ArgumentListExpr list)
        {
            var items = list.Items.Select(i => ScalarText(i, transformer, errors)).ToList();
            return items.Any(i => i is null) ? null : new ArgumentListOperand(items.ToArray()!);
        }
        var compiled = CompileOperand(argument, errors);
        if (compiled?.String is { IsList: true } listField) return listField;
        if (compiled is not null)
            errors.Add(new CompileError($"{transformer}() expects a list here: (a, b, …) or a list field", argument.Offset));
        return null;
    }

    private sealed record CompiledOperand(FieldRef? Field, StringOperand? String, NumberOperand? Number)
    {
        public string Describe() => Field is { } f ? $"field {f}" : "transformer result";
    }

    private sealed class Never : Predicate
    {
        public static readonly Never Instance = new();

        public override bool Evaluate(IEventSource evt) => false;
    }
}
