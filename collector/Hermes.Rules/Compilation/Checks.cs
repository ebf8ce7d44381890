using System.Collections.Frozen;
using Hermes.Rules.Fields;

namespace Hermes.Rules.Compilation;

/// <summary>A string check. Multi-valued operands match when any value does; <c>in</c> on a list needs all of them.</summary>
internal sealed class StringCheck(StringOperand left, StringMatcher matcher, bool requireAll) : Predicate
{
    private readonly bool _multi = left.IsMultiValued;

    public StringMatcher Matcher => matcher;

    public override bool Evaluate(IEventSource evt)
    {
        if (!_multi) return left.TryGet(evt, 0, out var value) && matcher.Matches(value);
        var any = false;
        for (var i = 0; left.TryGet(evt, i, out var item); i++)
        {
            any = true;
            var match = matcher.Matches(item);
            if (requireAll && !match) return false;
            if (!requireAll && match) return true;
        }
        return requireAll && any;
    }
}

/// <summary>A numeric check against a constant or a set of constants.</summary>
internal sealed class NumberCheck : Predicate
{
    private readonly NumberOperand _left;
    private readonly string _op;
    private readonly long _operand;
    private readonly FrozenSet<long>? _set;

    public NumberCheck(NumberOperand left, string op, long operand)
    {
        _left = left;
        _op = op;
        _operand = operand;
    }

    public NumberCheck(NumberOperand left, FrozenSet<long> set)
    {
        _left = left;
        _op = "in";
        _set = set;
    }

    public override bool Evaluate(IEventSource evt)
    {
        if (!_left.IsMultiValued) return _left.TryGet(evt, 0, out var value) && Test(value);
        for (var i = 0; _left.TryGet(evt, i, out var item); i++)
            if (Test(item)) return true;
        return false;
    }

    public bool Test(long value) => _op switch
    {
        "=" or "==" => value == _operand,
        "!=" => value != _operand,
        "<" => value < _operand,
        "<=" => value <= _operand,
        ">" => value > _operand,
        ">=" => value >= _operand,
        _ => _set!.Contains(value),
    };
}

/// <summary>An address check: equality with addresses, membership in networks, or both (<c>in</c>).</summary>
internal sealed class AddressCheck(FieldRef field, IpNetwork[] networks, bool negate) : Predicate
{
    private readonly FieldRef _field = field;

    // fd.ip and fd.net stand for either end of the connection: sources give the server's then the client's address.
    public override bool Evaluate(IEventSource evt)
    {
        var any = false;
        for (var i = 0; evt.TryGetAddress(in _field, i, out var address); i++)
        {
            any = true;
            foreach (var network in networks)
                if (network.Contains(address)) return !negate;
        }
        return any && negate;
    }
}

/// <summary><c>exists</c>: the field has a value for this event.</summary>
internal sealed class ExistsCheck(FieldRef field) : Predicate
{
    private readonly FieldRef _field = field;

    public override bool Evaluate(IEventSource evt) => _field.Definition switch
    {
        { IsNumeric: true } => evt.TryGetNumber(in _field, 0, out _),
        { IsAddress: true } => evt.TryGetAddress(in _field, 0, out _),
        _ => evt.TryGetString(in _field, 0, out _),
    };
}

/// <summary>A check whose right side is another field (<c>val(proc.pname)</c>) or a transformer.</summary>
internal sealed class StringFieldCompareCheck(StringOperand left, string op, StringOperand right) : Predicate
{
    public override bool Evaluate(IEventSource evt)
    {
        if (!right.TryGet(evt, 0, out var other)) return false;
        for (var i = 0; left.TryGet(evt, i, out var value); i++)
        {
            if (Test(value, other)) return true;
            if (!left.IsMultiValued) break;
        }
        return false;
    }

    private bool Test(ReadOnlySpan<char> value, ReadOnlySpan<char> other) => op switch
    {
        "=" or "==" or "in" or "intersects" => value.SequenceEqual(other),
        "!=" => !value.SequenceEqual(other),
        "contains" => value.Contains(other, StringComparison.Ordinal),
        "icontains" => value.Contains(other, StringComparison.OrdinalIgnoreCase),
        "startswith" => value.StartsWith(other, StringComparison.Ordinal),
        "endswith" => value.EndsWith(other, StringComparison.Ordinal),
        "glob" => Glob.IsMatch(other, value, ignoreCase: false),
        "iglob" => Glob.IsMatch(other, value, ignoreCase: true),
        "pmatch" => value.StartsWith(other, StringComparison.Ordinal) && (value.Length == other.Length || value[other.Length] == '/'),
        "<" => value.SequenceCompareTo(other) < 0,
        "<=" => value.SequenceCompareTo(other) <= 0,
        ">" => value.SequenceCompareTo(other) > 0,
        ">=" => value.SequenceCompareTo(other) >= 0,
        _ => false,
    };
}

/// <summary>A numeric check whose right side is another numeric field or <c>len()</c>.</summary>
internal sealed class NumberFieldCompareCheck(NumberOperand left, string op, NumberOperand right) : Predicate
{
    public override bool Evaluate(IEventSource evt)
    {
        if (!left.TryGet(evt, 0, out var a) || !right.TryGet(evt, 0, out var b)) return false;
        return op switch
        {
            "=" or "==" or "in" or "intersects" => a == b,
            "!=" => a != b,
            "<" => a < b,
            "<=" => a <= b,
            ">" => a > b,
            ">=" => a >= b,
            _ => false,
        };
    }
}

/// <summary>A modifier over whole checks (address fields): exactly one, at least one or every check holds.</summary>
internal sealed class ModifierPredicate(Predicate[] checks, ModifierMode mode) : Predicate
{
    public override bool Evaluate(IEventSource evt)
    {
        var count = 0;
        foreach (var check in checks)
        {
            if (check.Evaluate(evt)) count++;
            else if (mode == ModifierMode.AllOf) return false;
        }
        return mode switch { ModifierMode.OneOf => count == 1, ModifierMode.AllOf => true, _ => count > 0 };
    }
}
