using System.Buffers.Binary;

namespace Hermes.Collector.Probe;

/// <summary><c>struct hermes_exe_info</c> (probe.h): the executed file's inode and its times (ns since the epoch).</summary>
public readonly record struct ExeInfo(ulong Inode, long ChangeTimeNs, long ModifyTimeNs)
{
    public const int Size = 24;

    /// <summary>The parameter's contents, or null when the record does not carry it.</summary>
    public static ExeInfo? From(ReadOnlySpan<byte> parameter) => parameter.Length < Size ? null : new ExeInfo(
        BinaryPrimitives.ReadUInt64LittleEndian(parameter),
        BinaryPrimitives.ReadInt64LittleEndian(parameter[8..]),
        BinaryPrimitives.ReadInt64LittleEndian(parameter[16..]));
}
