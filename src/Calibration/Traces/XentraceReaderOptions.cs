namespace XenSwitchSim.Calibration.Traces;

/// <summary>Limits the binary reader applies to what it accepts.</summary>
public sealed record XentraceReaderOptions
{
    /// <summary>
    /// Highest CPU number a CPU-change record may name; anything above is treated as corruption.
    /// Xen's NR_CPUS tops out at 4096 on x86 and far lower on Arm (a Pi 4 has 4).
    /// </summary>
    public int MaxCpu { get; init; } = 4095;

    /// <summary>Largest accepted <see cref="MaxCpu"/>: per-CPU state is sized by the highest CPU seen.</summary>
    public const int MaxCpuLimit = 65535;

    public static XentraceReaderOptions Default { get; } = new();
}
