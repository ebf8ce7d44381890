using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Hermes.Rules.Fields;

/// <summary>An IPv4 or IPv6 address as a value type, so that events carry addresses without allocating.</summary>
public readonly record struct IpAddressValue(UInt128 Bits, bool IsV6)
{
    /// <summary>An IPv4 address from its value in host order (192.168.0.1 is 0xC0A80001).</summary>
    public static IpAddressValue FromV4(uint hostOrder) => new(hostOrder, false);

    /// <summary>An IPv4 address from the four bytes as they appear on the wire (network order).</summary>
    public static IpAddressValue FromV4Bytes(ReadOnlySpan<byte> bytes) => FromV4(BinaryPrimitives.ReadUInt32BigEndian(bytes));

    /// <summary>An IPv6 address from its 16 bytes in network order. IPv4-mapped addresses become IPv4.</summary>
    public static IpAddressValue FromV6Bytes(ReadOnlySpan<byte> bytes)
    {
        var hi = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var lo = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        if (hi == 0 && (lo >> 32) == 0xFFFF) return FromV4((uint)lo);
        return new(new UInt128(hi, lo), true);
    }

    /// <summary>Parses a textual IPv4 or IPv6 address.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IpAddressValue value)
    {
        value = default;
        if (!IPAddress.TryParse(text, out var ip)) return false;
        // IPAddress.TryParse accepts "1" and "1.2" as IPv4 shorthands; Falco's parser does not.
        if (ip.AddressFamily == AddressFamily.InterNetwork && text.Count('.') != 3) return false;
        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out var written);
        value = written == 4 ? FromV4Bytes(bytes) : FromV6Bytes(bytes);
        return true;
    }

    /// <summary>Renders the address the way Falco does (dotted quad, or RFC 5952 text for IPv6).</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!IsV6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Bits);
            return new IPAddress(bytes[..4]).ToString();
        }
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)(Bits >> 64));
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], (ulong)Bits);
        return new IPAddress(bytes).ToString();
    }
}
