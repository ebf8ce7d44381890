using System.Buffers.Binary;

namespace Hermes.Collector.Probe;

/// <summary>
/// <c>struct hermes_task_info</c> (probe.h): a task as seen from inside its pid namespace, sent with execs and with a
/// clone's return in the child.
/// </summary>
public readonly record struct TaskInfo(ulong CapPermitted, ulong CapInheritable, ulong PidNsInitStartBootNs, int Vpid, int Vtid)
{
    public const int Size = 32;

    /// <summary>The parameter's contents, or null when the record does not carry it.</summary>
    public static TaskInfo? From(ReadOnlySpan<byte> parameter) => parameter.Length < Size ? null : new TaskInfo(
        BinaryPrimitives.ReadUInt64LittleEndian(parameter),
        BinaryPrimitives.ReadUInt64LittleEndian(parameter[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(parameter[16..]),
        BinaryPrimitives.ReadInt32LittleEndian(parameter[24..]),
        BinaryPrimitives.ReadInt32LittleEndian(parameter[28..]));
}
