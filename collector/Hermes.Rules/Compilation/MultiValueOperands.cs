using Hermes.Rules.Fields;

namespace Hermes.Rules.Compilation;

/// <summary>A literal argument of a transformer: a quoted string or a number.</summary>
internal sealed class ConstantStringOperand(string text) : StringOperand
{
    public override bool IsMultiValued => false;

    public override bool IsList => false;

    public override bool TryGet(IEventSource evt, int valueIndex, out ReadOnlySpan<char> value)
    {
        value = valueIndex == 0 ? text : default;
        return valueIndex == 0;
    }
}

/// <summary>A parenthesised argument list, <c>(fd.name, "x")</c>: a list whose values are its items' values.</summary>
internal sealed class ArgumentListOperand(StringOperand[] items) : StringOperand
{
    public override bool IsMultiValued => true;

    public override bool IsList => true;

    public override bool TryGet(IEventSource evt, int valueIndex, out ReadOnlySpan<char> value)
    {
        value = default;
        return (uint)valueIndex < (uint)items.Length && items[valueIndex].TryGet(evt, 0, out value);
    }

    public int Count => items.Length;
}

/// <summary>Text built per event into a reusable buffer, for the transformers that assemble strings.</summary>
internal abstract class BufferedStringOperand : StringOperand
{
    private char[] _buffer = new char[256];
    private int _length;

    protected void Reset() => _length = 0;

    protected void Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + text.Length));
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    protected ReadOnlySpan<char> Text => _buffer.AsSpan(0, _length);

    protected int Length => _length;

    protected ReadOnlySpan<char> Slice(int start, int length) => _buffer.AsSpan(start, length);
}

/// <summary><c>concat(a, b, …)</c>: the arguments' values joined with nothing between them.</summary>
internal sealed class ConcatOperand(StringOperand[] parts) : BufferedStringOperand
{
    public override bool IsMultiValued => false;

    public override bool IsList => false;

    public override bool TryGet(IEventSource evt, int valueIndex, out ReadOnlySpan<char> value)
    {
        value = default;
        if (valueIndex != 0) return false;
        Reset();
        foreach (var part in parts)
        {
            if (!part.TryGet(evt, 0, out var text)) return false;
            Append(text);
        }
        value = Text;
        return true;
    }
}

/// <summary><c>join(separator, list)</c>: the list's values with the separator between them.</summary>
internal sealed class JoinOperand(StringOperand separator, StringOperand list) : BufferedStringOperand
{
    public override bool IsMultiValued => false;

    public override bool IsList => false;

    public override bool TryGet(IEventSource evt, int valueIndex, out ReadOnlySpan<char> value)
    {
        value = default;
        if (valueIndex != 0 || !separator.TryGet(evt, 0, out var sep)) return false;
        var sepText = sep.ToString();
        Reset();
        var count = list is ArgumentListOperand args ? args.Count : int.MaxValue;
        for (var i = 0; i < count; i++)
        {
            if (!list.TryGet(evt, i, out var item))
            {
                if (list is ArgumentListOperand) continue; // a missing item is left out
                break;
            }
            if (Length > 0 || i > 0) Append(sepText);
            Append(item);
        }
        value = Text;
        return true;
    }
}

/// <summary>
/// <c>getopt(args, optstring)</c>: parses a command line's options the way POSIX getopt(3) does, and yields each
/// option letter followed by its argument, if it takes one: <c>("-lp", "8080")</c> with <c>lp:</c> gives
/// <c>l, p, 8080</c>. An unknown option yields <c>?</c>, a missing argument an empty value; parsing stops at
/// <c>--</c> or at the first non-option. Meant for <c>intersects</c> checks.
/// </summary>
internal sealed class GetoptOperand(StringOperand arguments, StringOperand optstring) : BufferedStringOperand
{
    private readonly List<(int Start, int Length)> _values = [];

    public override bool IsMultiValued => true;

    public override bool IsList => true;

    public override bool TryGet(IEventSource evt, int valueIndex, out ReadOnlySpan<char> value)
    {
        value = default;
        if (valueIndex == 0 && !Parse(evt)) return false;
        if ((uint)valueIndex >= (uint)_values.Count) return false;
        var (start, length) = _values[valueIndex];
        value = Slice(start, length);
        return true;
    }

    private bool Parse(IEventSource evt)
    {
        _values.Clear();
        Reset();
        if (!optstring.TryGet(evt, 0, out var optsSpan)) return false;
        var opts = optsSpan.ToString();
        var args = new List<string>();
        for (var i = 0; arguments.TryGet(evt, i, out var arg); i++) args.Add(arg.ToString());
        for (var index = 0; index < args.Count; index++)
        {
            var arg = args[index];
            if (arg == "--") break;
            if (arg.Length < 2 || arg[0] != '-') break;
            for (var c = 1; c < arg.Length; c++)
            {
                var option = arg[c];
                var at = option == ':' ? -1 : opts.IndexOf(option, StringComparison.Ordinal);
                if (at < 0)
                {
                    Add("?");
                    continue;
                }
                var takesArgument = at + 1 < opts.Length && opts[at + 1] == ':';
                if (!takesArgument)
                {
                    Add(option.ToString());
                    continue;
                }
                // Like libsinsp: an option whose required argument is missing yields one empty value, not its letter.
                if (c + 1 < arg.Length) { Add(option.ToString()); Add(arg.AsSpan(c + 1)); }
                else if (index + 1 < args.Count) { Add(option.ToString()); Add(args[++index]); }
                else Add(string.Empty);
                break;
            }
        }
        return true;
    }

    private void Add(ReadOnlySpan<char> text)
    {
        _values.Add((Length, text.Length));
        Append(text);
    }
}

