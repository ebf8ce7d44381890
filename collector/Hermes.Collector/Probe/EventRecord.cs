using System.Buffers.Binary;
using System.Text;

namespace Hermes.Collector.Probe;

/// <summary>
/// A view over one raw record from the probe, read in place (no copy): the fixed header of <c>struct hermes_event</c>
/// (probe.h) and its parameters, each a 16-bit length followed by that many bytes.
/// </summary>
public readonly ref struct EventRecord
{
    /// <summary>Size of the fixed header (<c>sizeof(struct hermes_event)</c>); probe.h asserts the same offsets, and a test compares both.</summary>
    public const int HeaderSize = 136;
    public const int MountNamespaceOffset = 48;
    public const int ArgsOffset = 64;
    public const int TtyOffset = 112;
    public const int ParameterCountOffset = 116;
    public const int CommOffset = 120;

    private readonly ReadOnlySpan<byte> _data;

    public EventRecord(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderSize) throw new ArgumentException($"record of {data.Length} bytes is shorter than the {HeaderSize}-byte header", nameof(data));
        _data = data;
    }

    public ulong BootTimeNs => BinaryPrimitives.ReadUInt64LittleEndian(_data);
    public long Result => BinaryPrimitives.ReadInt64LittleEndian(_data[8..]);
    public int Pid => BinaryPrimitives.ReadInt32LittleEndian(_data[16..]);
    public int Tid => BinaryPrimitives.ReadInt32LittleEndian(_data[20..]);
    public int ParentPid => BinaryPrimitives.ReadInt32LittleEndian(_data[24..]);
    public uint Uid => BinaryPrimitives.ReadUInt32LittleEndian(_data[28..]);
    public uint Gid => BinaryPrimitives.ReadUInt32LittleEndian(_data[32..]);
    public uint LoginUid => BinaryPrimitives.ReadUInt32LittleEndian(_data[36..]);
    public int Syscall => BinaryPrimitives.ReadInt32LittleEndian(_data[40..]);
    public ulong MountNamespace => BinaryPrimitives.ReadUInt64LittleEndian(_data[MountNamespaceOffset..]);
    public ulong CapEffective => BinaryPrimitives.ReadUInt64LittleEndian(_data[56..]);
    public long Arg(int index) => BinaryPrimitives.ReadInt64LittleEndian(_data[(ArgsOffset + (index * 8))..]);
    public uint Tty => BinaryPrimitives.ReadUInt32LittleEndian(_data[TtyOffset..]);
    public int ParameterCount => (int)BinaryPrimitives.ReadUInt32LittleEndian(_data[ParameterCountOffset..]);
    public ReadOnlySpan<byte> Comm => CString(_data.Slice(CommOffset, 16));

    /// <summary>The parameter at <paramref name="index"/>, or empty when the record has fewer.</summary>
    public ReadOnlySpan<byte> Parameter(int index)
    {
        var offset = HeaderSize;
        for (var i = 0; i < ParameterCount && offset + 2 <= _data.Length; i++)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(_data[offset..]);
            if (offset + 2 + length > _data.Length) return [];
            if (i == index) return _data.Slice(offset + 2, length);
            offset += 2 + length;
        }
        return [];
    }

    /// <summary>A parameter as UTF-8 text (paths and names may be arbitrary bytes; invalid ones are replaced).</summary>
    public string Text(int index) => Encoding.UTF8.GetString(Parameter(index));

    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return end < 0 ? field : field[..end];
    }
}
