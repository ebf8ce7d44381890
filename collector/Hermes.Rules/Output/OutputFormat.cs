using Hermes.Rules.Conditions;
using Hermes.Rules.Fields;

namespace Hermes.Rules.Output;

/// <summary>
/// A compiled output format: literal text and <c>%field</c> tokens, as libsinsp's formatter reads them:
/// <c>%proc.name</c>, <c>%proc.aname[2]</c>, <c>%evt.arg.flags</c>, <c>%10proc.name</c> (pad or cut to 10 characters),
/// <c>%tolower(proc.name)</c>. The longest registered field name wins, so <c>%proc.name)</c> reads <c>proc.name</c>.
/// </summary>
public sealed class OutputFormat
{
    private OutputFormat(IReadOnlyList<OutputToken> tokens) => Tokens = tokens;

    /// <summary>The tokens in order.</summary>
    public IReadOnlyList<OutputToken> Tokens { get; }

    /// <summary>The field tokens, each once, in order of appearance: the keys of <c>output_fields</c>.</summary>
    public IEnumerable<OutputToken> Fields => Tokens.Where(t => t.Field is not null).DistinctBy(t => t.Name);

    /// <summary>Compiles a format; on error returns null with the message and the offset of the bad token.</summary>
    public static OutputFormat? TryParse(string format, out string? error, out int errorOffset)
    {
        ArgumentNullException.ThrowIfNull(format);
        error = null;
        errorOffset = 0;
        var tokens = new List<OutputToken>();
        var literal = new System.Text.StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            if (format[i] != '%')
            {
                literal.Append(format[i++]);
                continue;
            }
            var start = i++;
            if (i >= format.Length)
            {
                (error, errorOffset) = ("invalid formatting syntax: formatting cannot end with a %", start);
                return null;
            }
            var width = 0;
            while (i < format.Length && char.IsAsciiDigit(format[i])) width = (width * 10) + (format[i++] - '0');
            if (i >= format.Length)
            {
                (error, errorOffset) = ("invalid formatting syntax: formatting cannot end with a number", start);
                return null;
            }
            string? transformer = null;
            foreach (var name in ConditionParser.Transformers)
            {
                if (string.CompareOrdinal(format, i, name + "(", 0, name.Length + 1) == 0)
                {
                    transformer = name;
                    i += name.Length + 1;
                    break;
                }
            }
            if (!TryReadField(format, ref i, out var field, out var text, out error))
            {
                errorOffset = start;
                return null;
            }
            if (transformer is not null)
            {
                if (i >= format.Length || format[i] != ')')
                {
                    (error, errorOffset) = ($"expected ')' to close {transformer}(", i);
                    return null;
                }
                i++;
                text = $"{transformer}({text})";
            }
            if (literal.Length > 0)
            {
                tokens.Add(new OutputToken(literal.ToString(), null, null, 0));
                literal.Clear();
            }
            tokens.Add(new OutputToken(text, field, transformer, width));
        }
        if (literal.Length > 0) tokens.Add(new OutputToken(literal.ToString(), null, null, 0));
        return new OutputFormat(tokens);
    }

    // The longest registered name at this position, then an optional [argument] or a dotted key for keyed fields.
    private static bool TryReadField(string format, ref int i, out FieldRef field, out string text, out string? error)
    {
        field = default;
        text = string.Empty;
        var end = i;
        while (end < format.Length && (char.IsAsciiLetterOrDigit(format[end]) || format[end] is '_' or '.')) end++;
        var candidate = format[i..end].TrimEnd('.');
        string? name = null;
        for (var length = candidate.Length; length > 0; length--)
        {
            var prefix = candidate[..length];
            if ((length == candidate.Length || candidate[length] == '.') && FieldRegistry.IsField(prefix))
            {
                name = prefix;
                break;
            }
        }
        if (name is null)
        {
            error = $"invalid formatting token {format[i..Math.Min(format.Length, i + 40)]}";
            return false;
        }
        var definition = FieldRegistry.All.First(d => d.Name == name);
        var next = i + name.Length;
        string? argument = null;
        var written = name;
        if (next < format.Length && format[next] == '[')
        {
            var close = format.IndexOf(']', next);
            if (close < 0)
            {
                error = $"expected ']' after {name}[";
                return false;
            }
            argument = format[(next + 1)..close];
            written = format[i..(close + 1)];
            next = close + 1;
        }
        else if (definition.Argument is FieldArgument.RequiredKey or FieldArgument.OptionalKey &&
                 next < format.Length - 1 && format[next] == '.' && char.IsAsciiLetterOrDigit(format[next + 1]))
        {
            var keyEnd = next + 1;
            while (keyEnd < format.Length && (char.IsAsciiLetterOrDigit(format[keyEnd]) || format[keyEnd] is '_' or '.' or '-' or '/')) keyEnd++;
            while (keyEnd > next + 1 && format[keyEnd - 1] == '.') keyEnd--;
            written = format[i..keyEnd];
            name = format[i..keyEnd];
            next = keyEnd;
        }
        if (!FieldRegistry.TryResolve(argument is null ? name : definition.Name, argument, out field, out error)) return false;
        text = written;
        i = next;
        return true;
    }
}

/// <summary>A token of an output format: literal text, or a field (optionally transformed and padded).</summary>
/// <param name="Name">The literal text, or the field as written (<c>proc.aname[2]</c>), the key in <c>output_fields</c>.</param>
/// <param name="Field">The field, or null for literal text.</param>
/// <param name="Transformer">A transformer applied to the rendered value, or null.</param>
/// <param name="Width">Pad or cut the rendered value to this many characters; 0 leaves it as it is.</param>
public sealed record OutputToken(string Name, FieldRef? Field, string? Transformer, int Width);
