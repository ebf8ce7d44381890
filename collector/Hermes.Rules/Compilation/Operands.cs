using System.Buffers;
using System.Text;
using Hermes.Rules.Fields;

namespace Hermes.Rules.Compilation;

/// <summary>The left side of a string check: a field's values, or a transformer over them.</summary>
internal abstract class StringOperand
{
    /// <summary>Whether the operand yields several values (a list field, or ancestors without an index).</summary>
    public abstract bool IsMultiValued { get; }

    /// <summary>Whether the operand is a true list (<c>in</c> requires all values to be in the set).</summary>
    public abstract bool IsList { get; }

    public abstract bool TryGet(IEventSource evt, int valueIndex, out ReadOnlySpan<char> value);
}

/// <summary>The left side of a numeric check: a numeric field, or <c>len()</c>.</summary>
internal abstract class NumberOperand
{
    public abstract bool IsMultiValued { get; }

    public abstract bool TryGet(IEventSource evt, int valueIndex, out long value);
}

internal sealed class FieldStringOperand(FieldRef field) : StringOperand
{
    private readonly FieldRef _field = field;
    private readonly bool _multi = field.Definition.IsList || (field.Index < 0 && field.Definition.IsMultiValuedWithoutIndex);

    public override bool IsMultiValued => _multi;

    public override bool IsList => _field.Definition.IsList && _field.Index < 0;

    public override bool TryGet(IEventSource evt, int valueIndex, out ReadOnlySpan<char> value) =>
        evt.TryGetString(in _field, valueIndex, out value);
}

internal sealed class FieldNumberOperand(FieldRef field) : NumberOperand
{
    private readonly FieldRef _field = FieldRegistry.Canonical(field);
    private readonly bool _multi = field.Index < 0 && field.Definition.IsMultiValuedWithoutIndex;

    public override bool IsMultiValued => _multi;

    public override bool TryGet(IEventSource evt, int valueIndex, out long value) =>
        evt.TryGetNumber(in _field, valueIndex, out value);
}

/// <summary>Numbers rendered as text, for string operators applied to numeric fields through a transformer.</summary>
internal sealed class NumberAsStringOperand(NumberOperand inner) : StringOperand
{
    private readonly char[] _buffer = new char[24];

    public override bool IsMultiValued => inner.IsMultiValued;

    public override bool IsList => false;

    public override bool TryGet(IEventSource evt, int valueIndex, out ReadOnlySpan<char> value)
    {
        value = default;
        if (!inner.TryGet(evt, valueIndex, out var number)) return false;
        number.TryFormat(_buffer, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        value = _buffer.AsSpan(0, written);
        return true;
    }
}

/// <summary>A string transformer (<c>tolower</c>, <c>toupper</c>, <c>b64</c>, <c>basename</c>) with its own scratch buffer.</summary>
internal sealed class TransformedStringOperand(string transformer, StringOperand inner) : StringOperand
{
    private char[] _buffer = new char[256];
    private byte[] _bytes = new byte[256];

    public override bool IsMultiValued => inner.IsMultiValued;

    public override bool IsList => inner.IsList;

    public override bool TryGet(IEventSource evt, int valueIndex, out ReadOnlySpan<char> value)
    {
        value = default;
        if (!inner.TryGet(evt, valueIndex, out var source)) return false;
        switch (transformer)
        {
            case "tolower":
                Ensure(source.Length);
                value = _buffer.AsSpan(0, System.Text.Ascii.ToLower(source, _buffer, out var lower) == OperationStatus.Done ? lower : LowerSlow(source));
                return true;
            case "toupper":
                Ensure(source.Length);
                value = _buffer.AsSpan(0, System.Text.Ascii.ToUpper(source, _buffer, out var upper) == OperationStatus.Done ? upper : UpperSlow(source));
                return true;
            case "basename":
                var slash = source.LastIndexOf('/');
                value = slash < 0 ? source : source[(slash + 1)..];
                return true;
            case "b64":
                return TryDecodeBase64(source, out value);
            default:
                throw new InvalidOperationException($"unknown string transformer {transformer}");
        }
    }

    private int LowerSlow(ReadOnlySpan<char> source) => source.ToLowerInvariant(_buffer);

    private int UpperSlow(ReadOnlySpan<char> source) => source.ToUpperInvariant(_buffer);

    // Undecodable input leaves the value missing, like a field that cannot be extracted.
    private bool TryDecodeBase64(ReadOnlySpan<char> source, out ReadOnlySpan<char> value)
    {
        value = default;
        if (_bytes.Length < source.Length + 3) _bytes = new byte[(source.Length + 3) * 2];
        int count;
        if (source.Length % 4 == 0)
        {
            if (!Convert.TryFromBase64Chars(source, _bytes, out count)) return false;
        }
        else
        {
            // Unpadded input is common in command lines; decode it as if the '=' padding were there.
            Span<char> padded = source.Length <= 1024 ? stackalloc char[source.Length + 3] : new char[source.Length + 3];
            source.CopyTo(padded);
            var length = source.Length;
            while (length % 4 != 0) padded[length++] = '=';
            if (!Convert.TryFromBase64Chars(padded[..length], _bytes, out count)) return false;
        }
        Ensure(count);
        var chars = Encoding.UTF8.GetChars(_bytes.AsSpan(0, count), _buffer);
        value = _buffer.AsSpan(0, chars);
        return true;
    }

    private void Ensure(int length)
    {
        if (_buffer.Length < length) _buffer = new char[length * 2];
    }
}

/// <summary><c>len(x)</c>: the length of a string, or the number of values of a list.</summary>
internal sealed class LengthOperand(StringOperand inner) : NumberOperand
{
    public override bool IsMultiValued => false;

    public override bool TryGet(IEventSource evt, int valueIndex, out long value)
    {
        value = 0;
        if (valueIndex != 0) return false;
        if (inner.IsList)
        {
            while (inner.TryGet(evt, (int)value, out _)) value++;
            return true;
        }
        if (!inner.TryGet(evt, 0, out var text)) return false;
        value = text.Length;
        return true;
    }
}

/// <summary>Helpers shared by the byte operators (<c>bcontains</c>, <c>bstartswith</c>).</summary>
internal static class Utf8Scratch
{
    public static ReadOnlySpan<byte> Encode(ReadOnlySpan<char> text, ref byte[] buffer)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (buffer.Length < max) buffer = new byte[max];
        var written = Encoding.UTF8.GetBytes(text, buffer);
        return buffer.AsSpan(0, written);
    }
}

/// <summary>A text value read as a signed integer (raw syscall arguments); text that is not a number is missing.</summary>
internal sealed class TextAsNumberOperand(StringOperand inner) : NumberOperand
{
    public override bool IsMultiValued => inner.IsMultiValued;

    public override bool TryGet(IEventSource evt, int valueIndex, out long value)
    {
        value = 0;
        return inner.TryGet(evt, valueIndex, out var text) &&
               long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
