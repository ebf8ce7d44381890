namespace Hermes.Rules.Loading;

/// <summary>
/// Text assembled from one or more YAML scalars (a condition plus what later files appended to it), remembering
/// which scalar each part came from so an offset in the whole text maps back to its file, line and column.
/// </summary>
public sealed class LocatedText
{
    private readonly List<(int Start, ScalarLocator Locator)> _parts;

    /// <summary>Text from one scalar.</summary>
    public LocatedText(string text, ScalarLocator locator)
    {
        Text = text;
        _parts = [(0, locator)];
    }

    private LocatedText(string text, List<(int, ScalarLocator)> parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The whole text.</summary>
    public string Text { get; }

    /// <summary>Where the text starts.</summary>
    public SourceLocation Start => _parts[0].Locator.Start;

    /// <summary>This text, a space, then <paramref name="other"/>: Falco's append.</summary>
    public LocatedText Append(LocatedText other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var shift = Text.Length + 1;
        var parts = new List<(int, ScalarLocator)>(_parts);
        parts.AddRange(other._parts.Select(p => (p.Start + shift, p.Locator)));
        return new LocatedText(Text + " " + other.Text, parts);
    }

    /// <summary>The file position of an offset into <see cref="Text"/>.</summary>
    public SourceLocation Map(int offset)
    {
        var part = _parts[0];
        foreach (var candidate in _parts)
        {
            if (candidate.Start > offset) break;
            part = candidate;
        }
        return part.Locator.Map(offset - part.Start);
    }
}
