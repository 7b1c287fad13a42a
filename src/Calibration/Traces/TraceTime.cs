namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// Counter ticks to nanoseconds with exact integer arithmetic (no floating-point drift over long traces).
/// The contract's <c>time_ns</c> is <c>(cycles - first record's cycles) / cpu_hz</c>, truncated to whole ns.
/// </summary>
public static class TraceTime
{
    /// <summary>Counter frequency of a Raspberry Pi 4 (CNTFRQ_EL0 set by the armstub).</summary>
    public const ulong Pi4CounterHz = 54_000_000;

    /// <summary>TSC frequency of the x86 QEMU testbed that produced the bundled fixture trace.</summary>
    public const ulong FixtureTscHz = 2_100_000_000;

    /// <summary>floor(ticks * 1e9 / hz), exact.</summary>
    public static ulong TicksToNs(ulong ticks, ulong cpuHz)
    {
        ArgumentOutOfRangeException.ThrowIfZero(cpuHz);
        UInt128 ns = (UInt128)ticks * 1_000_000_000u / cpuHz;
        return ns > ulong.MaxValue ? ulong.MaxValue : (ulong)ns;
    }

    /// <summary>
    /// Nanoseconds of <paramref name="cycles"/> after <paramref name="firstCycles"/>; 0 if it is not after.
    /// </summary>
    public static ulong RelativeNs(ulong cycles, ulong firstCycles, ulong cpuHz) =>
        cycles <= firstCycles ? 0 : TicksToNs(cycles - firstCycles, cpuHz);

    /// <summary>Microseconds as a double, for reports (the exact value is <see cref="TicksToNs"/>).</summary>
    public static double TicksToUs(ulong ticks, ulong cpuHz)
    {
        ArgumentOutOfRangeException.ThrowIfZero(cpuHz);
        return (double)ticks * 1e6 / cpuHz;
    }

    /// <summary>round(ns * hz / 1e9), exact: the tick count closest to a duration.</summary>
    public static ulong NsToTicks(ulong ns, ulong cpuHz)
    {
        UInt128 ticks = ((UInt128)ns * cpuHz + 500_000_000u) / 1_000_000_000u;
        return ticks > ulong.MaxValue ? ulong.MaxValue : (ulong)ticks;
    }
}
