using System.Text;

namespace Hermes.Rules.Loading;

/// <summary>
/// Falco substitutes lists into conditions as text before parsing: wherever a list's name stands alone (between
/// blanks, parentheses, commas or '='), it is replaced by the list's items joined with ", ", items with spaces in
/// quotes. So <c>proc.name in (shell_binaries)</c> and <c>proc.name=cat_binaries</c> both work, as in Falco. This
/// keeps, for every character of the result, the offset it came from, so errors still point into the rules file.
/// </summary>
internal sealed class ListSubstitution
{
    private const string Blanks = " \t\n\r";
    private const string Delimiters = Blanks + "(),=";

    private ListSubstitution(string text, int[] origins)
    {
        Text = text;
        _origins = origins;
    }

    private readonly int[] _origins;

    /// <summary>The condition with lists substituted.</summary>
    public string Text { get; }

    /// <summary>Lists that were substituted.</summary>
    public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

    /// <summary>The offset in the original condition of an offset in <see cref="Text"/>.</summary>
    public int Origin(int offset) => _origins.Length == 0 ? 0 : _origins[Math.Clamp(offset, 0, _origins.Length - 1)];

    /// <summary>Substitutes the lists, in definition order, into a condition.</summary>
    public static ListSubstitution Apply(string condition, IEnumerable<(string Name, IReadOnlyList<string> Items)> lists)
    {
        var text = condition;
        var origins = Enumerable.Range(0, condition.Length + 1).ToArray();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, items) in lists)
        {
            var start = text.IndexOf(name, StringComparison.Ordinal);
            while (start >= 0)
            {
                var end = start + name.Length;
                if ((start == 0 || Delimiters.Contains(text[start - 1], StringComparison.Ordinal)) &&
                    (end >= text.Length || Delimiters.Contains(text[end], StringComparison.Ordinal)))
                {
                    while (start > 0 && Blanks.Contains(text[start - 1], StringComparison.Ordinal)) start--;
                    while (end < text.Length && Blanks.Contains(text[end], StringComparison.Ordinal)) end++;
                    var replacement = string.Join(", ", items.Select(Quote));
                    // An empty list must not leave a dangling comma behind.
                    if (replacement.Length == 0)
                    {
                        if (start > 0 && text[start - 1] == ',') start--;
                        else if (end < text.Length && text[end] == ',') end++;
                    }
                    var builder = new StringBuilder(text.Length + replacement.Length);
                    var newOrigins = new List<int>(origins.Length + replacement.Length);
                    var origin = origins[Math.Min(start, origins.Length - 1)];
                    if (start > 0)
                    {
                        builder.Append(text, 0, start).Append(' ');
                        newOrigins.AddRange(origins.Take(start));
                        newOrigins.Add(origin);
                    }
                    builder.Append(replacement).Append(' ');
                    newOrigins.AddRange(Enumerable.Repeat(origin, replacement.Length + 1));
                    var next = builder.Length;
                    builder.Append(text, end, text.Length - end);
                    newOrigins.AddRange(origins.Skip(end));
                    text = builder.ToString();
                    origins = newOrigins.ToArray();
                    used.Add(name);
                    start = next - 1;
                }
                start = text.IndexOf(name, start + 1, StringComparison.Ordinal);
            }
        }
        var result = new ListSubstitution(text, origins);
        result.Used.UnionWith(used);
        return result;
    }

    private static string Quote(string item) =>
        item.Contains(' ', StringComparison.Ordinal) && item[0] is not ('"' or '\'') ? $"\"{item}\"" : item;
}
