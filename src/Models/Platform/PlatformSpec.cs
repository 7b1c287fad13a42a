using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Models.Platform;

/// <summary>Facts of the machine a model describes (not scenario parameters).</summary>
public sealed record PlatformSpec
{
    public required int Pcpus { get; init; }

    public required double CpuClockMhz { get; init; }

    /// <summary>dom0 Linux's tick rate (CONFIG_HZ).</summary>
    public required int Hz { get; init; }

    /// <summary>Frequency of the counter the probes read (CNTFRQ_EL0, 54 MHz on a Pi 4; the TSC on x86).</summary>
    public required double CounterHz { get; init; }

    public required string XenVersion { get; init; }

    public required string LinuxVersion { get; init; }

    public required CpuArch Arch { get; init; }

    /// <summary>Schedulers this Xen build offers.</summary>
    public required IReadOnlyList<XenScheduler> Schedulers { get; init; }

    /// <summary>
    /// dom0 vCPUs the platform boots with, if the model states it; null when not stated. The
    /// contract's <c>auto</c> rule is the simulator's; this is recorded for it to consult.
    /// </summary>
    public int? Dom0VcpusDefault { get; init; }
}
