using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Hermes.Collector.State;

/// <summary>
/// What <c>statx(2)</c> says about a file: what <c>proc.exe_ino*</c> and <c>proc.is_exe_writable</c> need for
/// processes that started before the collector (for new ones the probe reads the inode at exec). .NET has no API
/// for inode numbers or change times, hence the call into libc.
/// </summary>
public readonly record struct FileStatus(ulong Inode, long Device, long ChangeTimeNs, long ModifyTimeNs, uint Mode, uint Uid, uint Gid, bool Immutable)
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const ulong StatxAttrImmutable = 0x10;

    /// <summary>Follows symbolic links (so <c>/proc/PID/exe</c> describes the executable); null when the file is gone.</summary>
    public static FileStatus? Of(string path)
    {
        // struct statx is 256 bytes; the offsets below are its stable ABI (include/uapi/linux/stat.h).
        Span<byte> buffer = stackalloc byte[256];
        if (Native.Statx(AtFdCwd, path, 0, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0) return null;
        var attributes = BinaryPrimitives.ReadUInt64LittleEndian(buffer[8..]);
        return new FileStatus(
            Inode: BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]),
            Device: EncodeDevice(BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]), BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..])),
            ChangeTimeNs: TimestampNs(buffer[96..]),
            ModifyTimeNs: TimestampNs(buffer[112..]),
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]),
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..]),
            Immutable: (attributes & StatxAttrImmutable) != 0);
    }

    /// <summary>
    /// Whether a user with these filesystem ids may write the file, as the kernel's permission bits decide it:
    /// owner bits for the owner, else group bits for the group, else other bits; CAP_DAC_OVERRIDE overrides them.
    /// </summary>
    public bool WritableBy(long fsUid, long fsGid, ulong effectiveCapabilities)
    {
        if (Immutable) return false;
        var bits = fsUid == Uid ? Mode >> 6 : fsGid == Gid ? Mode >> 3 : Mode;
        const int CapDacOverride = 1;
        return (bits & 2) != 0 || (effectiveCapabilities & (1UL << CapDacOverride)) != 0;
    }

    // The kernel's user-visible dev_t encoding (new_encode_dev), which is what Falco reports as fd.dev.
    private static long EncodeDevice(uint major, uint minor) => (minor & 0xff) | (major << 8) | ((long)(minor & ~0xffu) << 12);

    // struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; __s32 __reserved; }
    private static long TimestampNs(ReadOnlySpan<byte> timestamp) =>
        (BinaryPrimitives.ReadInt64LittleEndian(timestamp) * 1_000_000_000L) + BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);
}

internal static partial class Native
{
    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Statx(int dirFd, string path, int flags, uint mask, ref byte buffer);
}
