using System.Text.RegularExpressions;

namespace Hermes.Ownership.Model;

/// <summary>A shell-style glob (<c>*</c> any run of characters, <c>?</c> one), matched against the whole text.</summary>
public sealed class Glob
{
    private readonly Regex _regex;

    public Glob(string pattern)
    {
        Pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
        _regex = new Regex("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));
    }

    public string Pattern { get; }

    public bool Matches(string? text) => text is not null && _regex.IsMatch(text);

    public override string ToString() => Pattern;
}
