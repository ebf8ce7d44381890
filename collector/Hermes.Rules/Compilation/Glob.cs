namespace Hermes.Rules.Compilation;

/// <summary>
/// fnmatch(3) without flags, as libsinsp's <c>glob</c> uses it: <c>*</c> matches any run of characters (slashes
/// included), <c>?</c> one character, <c>[abc]</c>, <c>[a-z]</c> and <c>[!a]</c>/<c>[^a]</c> a class, and a backslash
/// quotes the next character. Iterative with one backtrack point, so it never blows up on hostile input.
/// </summary>
public static class Glob
{
    /// <summary>Whether <paramref name="value"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> value, bool ignoreCase)
    {
        int p = 0, v = 0, starP = -1, starV = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    starP = ++p;
                    starV = v;
                    continue;
                }
                if (c == '?')
                {
                    p++; v++;
                    continue;
                }
                if (c == '[' && TryMatchClass(pattern, p, value[v], ignoreCase, out var next, out var matched))
                {
                    if (matched) { p = next; v++; continue; }
                }
                else
                {
                    if (c == '\\' && p + 1 < pattern.Length) { p++; c = pattern[p]; }
                    if (Same(c, value[v], ignoreCase)) { p++; v++; continue; }
                }
            }
            if (starP < 0) return false;
            p = starP;
            v = ++starV;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));

    // A class that is not closed is not a class: '[' then matches itself, as fnmatch does.
    private static bool TryMatchClass(ReadOnlySpan<char> pattern, int start, char c, bool ignoreCase, out int next, out bool matched)
    {
        next = start;
        matched = false;
        var i = start + 1;
        var negate = i < pattern.Length && pattern[i] is '!' or '^';
        if (negate) i++;
        var first = true;
        var any = false;
        while (i < pattern.Length && (pattern[i] != ']' || first))
        {
            first = false;
            var lo = pattern[i];
            if (lo == '\\' && i + 1 < pattern.Length) lo = pattern[++i];
            var hi = lo;
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                hi = pattern[i + 2];
                if (hi == '\\' && i + 3 < pattern.Length) { hi = pattern[i + 3]; i++; }
                i += 2;
            }
            if (InRange(c, lo, hi) || (ignoreCase && (InRange(char.ToLowerInvariant(c), lo, hi) || InRange(char.ToUpperInvariant(c), lo, hi))))
                any = true;
            i++;
        }
        if (i >= pattern.Length) return false;
        next = i + 1;
        matched = any != negate;
        return true;
    }

    private static bool InRange(char c, char lo, char hi) => c >= lo && c <= hi;
}
