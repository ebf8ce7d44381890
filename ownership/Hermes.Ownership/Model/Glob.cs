using System.Text.RegularExpressions;

namespace Hermes.Ownership.Model;

/// <summary>A shell-style glob (<c>*</c> any run of characters, <c>?</c> one), matched against the whole text.</summary>
public sealed class Glob
{
    // Catalog and convention patterns are few and matched for every alert: compile each once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Glob> Compiled = new(StringComparer.Ordinal);
    private readonly Regex _regex;

    /// <summary>The compiled glob for <paramref name="pattern"/>, shared (bounded: the cache is emptied past 10,000 patterns).</summary>
    public static Glob Of(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (Compiled.TryGetValue(pattern, out var glob)) return glob;
        if (Compiled.Count > 10_000) Compiled.Clear();
        return Compiled.GetOrAdd(pattern, p => new Glob(p));
    }

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
