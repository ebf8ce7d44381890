using System.Text;

namespace Hermes.Collector.Capture;

/// <summary>
/// Reuses the string for a UTF-8 value seen before (the same paths are opened over and over), so decoding a
/// path allocates only the first time. Bounded: when full it starts afresh.
/// </summary>
internal sealed class StringPool(int capacity)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 1024) return Encoding.UTF8.GetString(utf8);
        Span<char> chars = stackalloc char[utf8.Length];
        var count = Encoding.UTF8.GetChars(utf8, chars);
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..count], out var existing)) return existing;
        if (_strings.Count >= capacity) _strings.Clear();
        var value = new string(chars[..count]);
        _strings[value] = value;
        return value;
    }
}
