namespace XenSwitchSim.Hardware.Counters;

/// <summary>
/// The counter dom0's stamps are read from. On Arm this is CNTVCT_EL0 (user space cannot read
/// CNTPCT_EL0: it traps to SIGILL), i.e. the physical counter minus dom0's fixed CNTVOFF; on x86 the
/// TSC. <see cref="Hz"/> is its frequency (CNTFRQ_EL0 on Arm), or 0 when it cannot be read.
/// </summary>
public interface ICounter
{
    string Name { get; }

    double Hz { get; }

    ulong Read();
}

/// <summary>Stopwatch ticks (CLOCK_MONOTONIC): for tests and for machines without a native stub.</summary>
public sealed class StopwatchCounter : ICounter
{
    public string Name => "stopwatch";

    public double Hz => System.Diagnostics.Stopwatch.Frequency;

    public ulong Read() => (ulong)System.Diagnostics.Stopwatch.GetTimestamp();
}
