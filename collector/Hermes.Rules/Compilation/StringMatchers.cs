using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Hermes.Rules.Compilation;

/// <summary>Tests one string value against a check's constant operand.</summary>
internal abstract class StringMatcher
{
    public abstract bool Matches(ReadOnlySpan<char> value);
}

internal sealed class EqualsMatcher(string operand) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value) => value.SequenceEqual(operand);
}

internal sealed class NotEqualsMatcher(string operand) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value) => !value.SequenceEqual(operand);
}

internal sealed class ContainsMatcher(string operand) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value) => value.Contains(operand, StringComparison.Ordinal);
}

internal sealed class IContainsMatcher(string operand) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value) => value.Contains(operand, StringComparison.OrdinalIgnoreCase);
}

internal sealed class StartsWithMatcher(string operand) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value) => value.StartsWith(operand, StringComparison.Ordinal);
}

internal sealed class EndsWithMatcher(string operand) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value) => value.EndsWith(operand, StringComparison.Ordinal);
}

/// <summary>Lexicographic ordering on strings for <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>.</summary>
internal sealed class OrderMatcher(string operand, string op) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value)
    {
        var c = value.SequenceCompareTo(operand);
        return op switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, _ => c >= 0 };
    }
}

internal sealed class GlobMatcher(string pattern, bool ignoreCase) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value) => Glob.IsMatch(pattern, value, ignoreCase);
}

/// <summary><c>regex</c>: RE2-style partial match. NonBacktracking keeps evaluation linear, like RE2.</summary>
internal sealed class RegexMatcher(Regex regex) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value) => regex.IsMatch(value);
}

/// <summary><c>in</c> / <c>intersects</c> on strings: set membership without allocating (alternate lookup by span).</summary>
internal sealed class InSetMatcher(FrozenSet<string> set) : StringMatcher
{
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();

    public override bool Matches(ReadOnlySpan<char> value) => _lookup.Contains(value);
}

/// <summary>
/// <c>pmatch</c>: the value is one of the paths or lies under one of them. A prefix may hold fnmatch wildcards per
/// path component (<c>/opt/*/subdir</c>, <c>/opt/di?/x</c>), as libsinsp's path-prefix search allows; prefixes
/// without wildcards take a plain prefix comparison.
/// </summary>
internal sealed class PathPrefixMatcher : StringMatcher
{
    private readonly string[] _plain;
    private readonly string[][] _patterns;

    public PathPrefixMatcher(IEnumerable<string> prefixes)
    {
        var normalized = prefixes.Select(p => p.Length > 1 ? p.TrimEnd('/') : p).Distinct(StringComparer.Ordinal).ToList();
        _plain = normalized.Where(p => p.IndexOfAny(['*', '?', '[']) < 0).Order(StringComparer.Ordinal).ToArray();
        _patterns = normalized.Where(p => p.IndexOfAny(['*', '?', '[']) >= 0).Select(p => p.Split('/')).ToArray();
    }

    public override bool Matches(ReadOnlySpan<char> value)
    {
        foreach (var prefix in _plain)
        {
            if (!value.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (value.Length == prefix.Length || prefix.EndsWith('/') || value[prefix.Length] == '/') return true;
        }
        foreach (var components in _patterns)
            if (MatchesComponents(components, value)) return true;
        return false;
    }

    // Each component of the prefix must match the value's component at the same depth.
    private static bool MatchesComponents(string[] components, ReadOnlySpan<char> value)
    {
        var rest = value;
        foreach (var component in components)
        {
            if (rest.IsEmpty && component.Length > 0) return false;
            var slash = rest.IndexOf('/');
            var part = slash < 0 ? rest : rest[..slash];
            if (!Glob.IsMatch(component, part, ignoreCase: false)) return false;
            rest = slash < 0 ? [] : rest[(slash + 1)..];
        }
        return true;
    }
}

/// <summary><c>bcontains</c> / <c>bstartswith</c>: raw bytes (the value's UTF-8) against a hex operand.</summary>
internal sealed class BytesMatcher(byte[] operand, bool startsWith) : StringMatcher
{
    private byte[] _scratch = new byte[256];

    public override bool Matches(ReadOnlySpan<char> value)
    {
        var bytes = Utf8Scratch.Encode(value, ref _scratch);
        return startsWith ? bytes.StartsWith(operand) : bytes.IndexOf(operand) >= 0;
    }
}

/// <summary>Any of several matchers: the merged alternatives of an <c>or</c> over one field.</summary>
internal sealed class AnyMatcher(StringMatcher[] matchers) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value)
    {
        foreach (var matcher in matchers)
            if (matcher.Matches(value)) return true;
        return false;
    }
}

/// <summary>How a modifier combines an operator's results over a list of values.</summary>
internal enum ModifierMode { OneOf, AnyOf, AllOf }

/// <summary><c>oneof</c> (exactly one), <c>anyof</c> (at least one), <c>allof</c> (every one) of the per-value matchers.</summary>
internal sealed class ModifierMatcher(StringMatcher[] matchers, ModifierMode mode) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value)
    {
        var count = 0;
        foreach (var matcher in matchers)
        {
            if (!matcher.Matches(value))
            {
                if (mode == ModifierMode.AllOf) return false;
                continue;
            }
            count++;
            if (mode == ModifierMode.AnyOf) return true;
            if (mode == ModifierMode.OneOf && count > 1) return false;
        }
        return mode switch { ModifierMode.OneOf => count == 1, ModifierMode.AllOf => true, _ => false };
    }
}

/// <summary>A numeric comparison applied to a number rendered as text (modifiers over numeric fields).</summary>
internal sealed class NumberTextMatcher(NumberCheck check) : StringMatcher
{
    public override bool Matches(ReadOnlySpan<char> value) =>
        long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) && check.Test(number);
}
