namespace Hermes.Playbooks.Model;

/// <summary>
/// An exact value or a glob with <c>*</c> (any run of characters) and <c>?</c> (one character), compared
/// ordinally: rule names, namespaces, clusters and field values are identifiers, not prose.
/// </summary>
public sealed record TextPattern(string Pattern)
{
    public bool Matches(string? value) => value is not null && Glob(Pattern.AsSpan(), value.AsSpan());

    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Iterative matcher with one backtrack point: linear for the patterns people write, never exponential.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t])) { p++; t++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    public override string ToString() => Pattern;
}
