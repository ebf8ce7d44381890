using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hermes.Rules.Loading;

/// <summary>
/// Maps an offset inside a YAML scalar's value (a condition, an output) back to the line and column of the rules
/// file, for plain, quoted, literal and folded scalars, including multi-line ones: each source line of the scalar
/// contributes its text, and each line break one character (the space or newline it folds into).
/// </summary>
public sealed class ScalarLocator
{
    private readonly string _file;
    private readonly List<(int Offset, int Line, int Column)> _segments = [];

    /// <summary>Builds the map for a scalar node of a file whose lines are given.</summary>
    public ScalarLocator(string file, YamlScalarNode node, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(lines);
        _file = file;
        var startLine = (int)node.Start.Line;
        var endLine = (int)node.End.Line;
        var block = node.Style is ScalarStyle.Literal or ScalarStyle.Folded;
        var quoted = node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
        var offset = 0;
        if (!block)
        {
            _segments.Add((0, startLine, (int)node.Start.Column + (quoted ? 1 : 0)));
            offset = SegmentLength(lines, startLine, (int)node.Start.Column - 1 + (quoted ? 1 : 0)) + 1;
            for (var line = startLine + 1; line <= endLine && line <= lines.Count; line++)
            {
                var text = lines[line - 1];
                var indent = text.Length - text.TrimStart().Length;
                _segments.Add((offset, line, indent + 1));
                offset += text.Trim().Length + 1;
            }
            return;
        }
        // Block scalars start on the line after the indicator; the indentation is that of the first content line.
        var indentation = -1;
        for (var line = startLine + 1; line <= endLine && line <= lines.Count; line++)
        {
            var text = lines[line - 1];
            if (text.Trim().Length == 0) continue;
            var lineIndent = text.Length - text.TrimStart().Length;
            if (indentation < 0) indentation = lineIndent;
            else if (lineIndent < indentation) break; // the next key: the block ended on the line before
            _segments.Add((offset, line, indentation + 1));
            offset += Math.Max(0, text.Length - indentation) + 1;
        }
        if (_segments.Count == 0) _segments.Add((0, startLine, (int)node.Start.Column));
    }

    /// <summary>Where the scalar starts.</summary>
    public SourceLocation Start => Map(0);

    /// <summary>The file position of a zero-based offset into the scalar's value.</summary>
    public SourceLocation Map(int offset)
    {
        var segment = _segments[0];
        foreach (var candidate in _segments)
        {
            if (candidate.Offset > offset) break;
            segment = candidate;
        }
        return new SourceLocation(_file, segment.Line, segment.Column + Math.Max(0, offset - segment.Offset));
    }

    private static int SegmentLength(IReadOnlyList<string> lines, int line, int column) =>
        line <= lines.Count && column <= lines[line - 1].Length ? lines[line - 1][column..].TrimEnd().Length : 0;
}
