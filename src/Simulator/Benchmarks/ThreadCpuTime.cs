using System.Runtime.InteropServices;

namespace XenSwitchSim.Simulator.Benchmarks;

/// <summary>
/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID). On a shared, loaded machine wall
/// time includes waiting for a core; thread CPU time does not, so benchmarks report both.
/// </summary>
public static partial class ThreadCpuTime
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec ts);

    private const int ClockThreadCputimeId = 3;

    /// <summary>Seconds of CPU this thread has used, or NaN where the clock is unavailable.</summary>
    public static double Seconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        return ClockGetTime(ClockThreadCputimeId, out var ts) == 0 ? ts.Seconds + ts.Nanoseconds / 1e9 : double.NaN;
    }
}
