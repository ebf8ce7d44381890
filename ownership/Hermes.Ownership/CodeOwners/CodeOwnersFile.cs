namespace Hermes.Ownership.CodeOwners;

/// <summary>A rule of a CODEOWNERS file: its pattern, owners (<c>@user</c>, <c>@org/team</c>, emails) and line number.</summary>
public sealed record CodeOwnersRule(CodeOwnersPattern Pattern, IReadOnlyList<string> Owners, int Line);

/// <summary>A problem in a CODEOWNERS file, with its line.</summary>
public sealed record CodeOwnersProblem(int Line, string Message);

/// <summary>
/// A parsed CODEOWNERS file. Ownership follows GitHub: the last matching rule wins, and a matching rule with no
/// owners makes the path unowned. Comments (<c>#</c>) and blank lines are ignored; <c>\#</c> starts a pattern with '#'.
/// </summary>
public sealed class CodeOwnersFile
{
    private CodeOwnersFile(IReadOnlyList<CodeOwnersRule> rules, IReadOnlyList<CodeOwnersProblem> problems)
    {
        Rules = rules;
        Problems = problems;
    }

    public IReadOnlyList<CodeOwnersRule> Rules { get; }

    /// <summary>Lines GitHub would reject (invalid owners); they are skipped, as GitHub skips them.</summary>
    public IReadOnlyList<CodeOwnersProblem> Problems { get; }

    public static CodeOwnersFile Parse(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var rules = new List<CodeOwnersRule>();
        var problems = new List<CodeOwnersProblem>();
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i].TrimEnd('\r')).Trim();
            if (line.Length == 0) continue;
            var fields = SplitFields(line);
            var owners = fields.Skip(1).ToList();
            var invalid = owners.FirstOrDefault(o => !IsOwner(o));
            if (invalid is not null)
            {
                problems.Add(new CodeOwnersProblem(i + 1, $"'{invalid}' is not a valid owner (@user, @org/team or an email address)"));
                continue;
            }
            rules.Add(new CodeOwnersRule(new CodeOwnersPattern(fields[0]), owners, i + 1));
        }
        return new CodeOwnersFile(rules, problems);
    }

    /// <summary>The rule that decides a path's owners (the last match), or null when nothing matches.</summary>
    public CodeOwnersRule? RuleFor(string path)
    {
        for (var i = Rules.Count - 1; i >= 0; i--)
            if (Rules[i].Pattern.Matches(path)) return Rules[i];
        return null;
    }

    /// <summary>The owners of a path; empty when unowned.</summary>
    public IReadOnlyList<string> OwnersOf(string path) => RuleFor(path)?.Owners ?? [];

    // '#' starts a comment unless escaped.
    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\') { i++; continue; }
            if (line[i] == '#') return line[..i];
        }
        return line;
    }

    // Fields are separated by blanks; a backslash escapes a blank inside a pattern.
    private static List<string> SplitFields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && line[i + 1] is ' ' or '\t')
            {
                current.Append(line[++i]);
                continue;
            }
            if (c is ' ' or '\t')
            {
                if (current.Length > 0) fields.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) fields.Add(current.ToString());
        return fields;
    }

    private static bool IsOwner(string owner) =>
        (owner.StartsWith('@') && owner.Length > 1) || (owner.Contains('@', StringComparison.Ordinal) && owner.IndexOf('@', StringComparison.Ordinal) > 0 && owner.Contains('.', StringComparison.Ordinal));
}
