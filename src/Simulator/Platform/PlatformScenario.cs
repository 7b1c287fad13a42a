using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Platform.Linux;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform;

/// <summary>The scenario's settings as the platform uses them (contracts.md section 1).</summary>
public sealed record PlatformScenario
{
    public int DomUVcpus { get; init; } = 3;
    public int DomUMemoryMb { get; init; } = 813;
    public bool DomUFileStorage { get; init; }
    public int DomUCpuLoadProcs { get; init; }
    public double DomUNetLoadMbps { get; init; }
    public int Dom0CpuLoadProcs { get; init; }
    public double Dom0NetLoadMbps { get; init; }

    /// <summary>null = auto.</summary>
    public int? Dom0Vcpus { get; init; }

    public int XlNice { get; init; }
    public SchedPolicy XlPolicy { get; init; } = SchedPolicy.Normal;
    public int XenDomUs { get; init; } = 1;
    public SchedulerKind Scheduler { get; init; } = SchedulerKind.Credit2;
    public XenPinning Pinning { get; init; } = XenPinning.None;
    public SwitchMechanism Mechanism { get; init; } = SwitchMechanism.Xl;
    public double SampleIntervalUs { get; init; } = 4000;
    public bool DomUIdlePolls { get; init; }

    /// <summary>contracts.md: auto = every pCPU under credit/credit2; under null, the pCPUs the running domUs leave (at least 1).</summary>
    public int ResolveDom0Vcpus(int pcpus) =>
        Dom0Vcpus ?? (Scheduler == SchedulerKind.Null ? Math.Max(1, pcpus - XenDomUs * DomUVcpus) : pcpus);

    /// <summary>Why the pause/unpause experiment cannot run on this platform, or null.</summary>
    public string? Infeasibility(int pcpus, IReadOnlyCollection<SchedulerKind> available) =>
        SchedulerMissing(available) ?? NullOvercommit(pcpus, withStandby: false);

    /// <summary>Why the switch cannot run (the standby's vCPUs must fit too), or null.</summary>
    public string? SwitchInfeasibility(int pcpus, IReadOnlyCollection<SchedulerKind> available) =>
        SchedulerMissing(available) ?? NullOvercommit(pcpus, withStandby: true);

    private string? SchedulerMissing(IReadOnlyCollection<SchedulerKind> available) =>
        available.Contains(Scheduler) ? null
            : $"the platform's Xen has no {Scheduler.ToString().ToLowerInvariant()} scheduler (it has {string.Join(", ", available.Select(s => s.ToString().ToLowerInvariant()))})";

    private string? NullOvercommit(int pcpus, bool withStandby)
    {
        if (Scheduler != SchedulerKind.Null) return null;
        var dom0 = ResolveDom0Vcpus(pcpus);
        var domUs = XenDomUs * DomUVcpus;
        var standby = withStandby ? DomUVcpus : 0;
        var total = dom0 + domUs + standby;
        if (total <= pcpus) return null;
        var parts = $"{dom0} dom0 vCPUs + {XenDomUs} x {DomUVcpus} domU vCPUs" + (withStandby ? $" + {standby} standby vCPUs" : "");
        return $"null scheduler: {parts} = {total} > {pcpus} pCPUs; under null a paused vCPU keeps its pCPU and a vCPU in the wait queue never runs";
    }
}
