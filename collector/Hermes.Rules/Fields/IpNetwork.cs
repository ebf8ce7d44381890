namespace Hermes.Rules.Fields;

/// <summary>A CIDR network such as <c>10.0.0.0/8</c> or <c>fd00::/8</c>; a bare address is a /32 or /128.</summary>
public readonly record struct IpNetwork(IpAddressValue Address, int PrefixLength)
{
    /// <summary>Parses <c>address[/prefix]</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IpNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IpAddressValue.TryParse(addressText, out var address)) return false;
        var max = address.IsV6 ? 128 : 32;
        var prefix = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, null, out prefix) || prefix > max))
            return false;
        network = new IpNetwork(address, prefix);
        return true;
    }

    /// <summary>Whether the address lies in this network (families must agree).</summary>
    public bool Contains(IpAddressValue address)
    {
        if (address.IsV6 != Address.IsV6) return false;
        var width = Address.IsV6 ? 128 : 32;
        if (PrefixLength == 0) return true;
        var shift = width - PrefixLength;
        return (address.Bits >> shift) == (Address.Bits >> shift);
    }
}
