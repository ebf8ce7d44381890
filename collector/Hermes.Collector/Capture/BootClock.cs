using System.Runtime.InteropServices;

namespace Hermes.Collector.Capture;

/// <summary>Converts the probe's boot-time clock (<c>CLOCK_BOOTTIME</c>) to wall-clock nanoseconds since the epoch.</summary>
internal static unsafe partial class BootClock
{
    private const int ClockRealtime = 0;
    private const int ClockBoottime = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clock, TimeSpec* time);

    /// <summary>Wall-clock time at boot, in nanoseconds since the epoch: add it to a boot-time timestamp.</summary>
    public static long EpochAtBootNs()
    {
        TimeSpec real, boot;
        clock_gettime(ClockRealtime, &real);
        clock_gettime(ClockBoottime, &boot);
        return ((real.Seconds - boot.Seconds) * 1_000_000_000L) + (real.Nanoseconds - boot.Nanoseconds);
    }
}
