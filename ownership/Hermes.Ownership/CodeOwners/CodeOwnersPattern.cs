using System.Text;
using System.Text.RegularExpressions;

namespace Hermes.Ownership.CodeOwners;

/// <summary>
/// One CODEOWNERS pattern with GitHub's semantics (gitignore-style): a pattern with a slash at the start or in the
/// middle is anchored at the repository root, otherwise it matches at any depth; <c>*</c> and <c>?</c> stay within
/// one path segment; <c>**</c> spans segments (<c>**/x</c>, <c>x/**</c>, <c>a/**/b</c>); a trailing slash matches
/// a directory and everything under it; a pattern that names a directory owns its contents, except <c>dir/*</c>,
/// which owns only the directory's direct children; a backslash escapes the next character.
/// </summary>
public sealed class CodeOwnersPattern
{
    private readonly Regex _regex;

    public CodeOwnersPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Text = pattern;
        _regex = new Regex(ToRegex(pattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Whether the pattern owns a repository-relative path (no leading slash).</summary>
    public bool Matches(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _regex.IsMatch(path.TrimStart('/'));
    }

    private static string ToRegex(string pattern)
    {
        var body = pattern;
        var directoryOnly = body.EndsWith('/') && !body.EndsWith("\\/", StringComparison.Ordinal);
        if (directoryOnly) body = body.TrimEnd('/');
        var rooted = body.StartsWith('/');
        if (rooted) body = body[1..];
        // gitignore: a slash anywhere but at the end anchors the pattern to the root.
        var anchored = rooted || body.Contains('/', StringComparison.Ordinal);
        // "docs/*" and "/*" own only direct children; the bare catch-all "*" owns everything.
        var lastSegment = body[(body.LastIndexOf('/') + 1)..];
        var directChildrenOnly = anchored && lastSegment == "*";
        var endsWithGlobstar = body.EndsWith("/**", StringComparison.Ordinal);

        var regex = new StringBuilder(anchored ? "^" : "^(?:.*/)?");
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length)
            {
                regex.Append(Regex.Escape(body[++i].ToString()));
                continue;
            }
            if (c == '*' && i + 1 < body.Length && body[i + 1] == '*')
            {
                var atStart = i == 0;
                var beforeSlash = i + 2 < body.Length && body[i + 2] == '/';
                var atEnd = i + 2 == body.Length;
                if (atStart && beforeSlash) { regex.Append("(?:.*/)?"); i += 2; continue; } // "**/x": any depth, zero included
                if (atEnd && i > 0 && body[i - 1] == '/') { regex.Append(".*"); i += 1; continue; } // "x/**": everything inside
                if (beforeSlash && i > 0 && body[i - 1] == '/') { regex.Append("(?:.*/)?"); i += 2; continue; } // "a/**/b"
                regex.Append("[^/]*");
                i += 1;
                continue;
            }
            regex.Append(c switch
            {
                '*' => "[^/]*",
                '?' => "[^/]",
                _ => Regex.Escape(c.ToString()),
            });
        }
        if (directoryOnly && !endsWithGlobstar) regex.Append("/.*");
        else if (!directChildrenOnly) regex.Append("(?:/.*)?");
        return regex.Append('$').ToString();
    }
}
