namespace Hermes.Rules.Fields;

/// <summary>How a field's value is stored, compared and rendered (libsinsp's PT_* families, folded).</summary>
public enum FieldType
{
    /// <summary>Text: names, paths, command lines, rendered arguments.</summary>
    String,
    /// <summary>Signed integer (pids, fds, return values, tty).</summary>
    Signed,
    /// <summary>Unsigned integer (uids, gids, ports, inode numbers).</summary>
    Unsigned,
    /// <summary>Boolean; conditions compare it with <c>true</c>/<c>false</c>.</summary>
    Bool,
    /// <summary>An IPv4 or IPv6 address; conditions may compare it with an address or a CIDR network.</summary>
    Address,
    /// <summary>An address compared by network membership (<c>fd.net</c>): operands are CIDR networks.</summary>
    Network,
    /// <summary>Absolute time in nanoseconds since the epoch.</summary>
    AbsTime,
    /// <summary>Relative time (a duration) in nanoseconds.</summary>
    RelTime,
}
