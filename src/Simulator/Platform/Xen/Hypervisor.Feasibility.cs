namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>Combinations the platform cannot run (contracts.md section 1), checkable before building anything.</summary>
public sealed partial class Hypervisor
{
    /// <summary>
    /// Why a board of <paramref name="pcpus"/> pCPUs under <paramref name="kind"/> cannot run
    /// dom0's <paramref name="dom0Vcpus"/> vCPUs, the running domUs' <paramref name="domUVcpus"/>
    /// (their total) and a standby's <paramref name="standbyVcpus"/>, or null if it can. Under
    /// null every vCPU needs a pCPU of its own for good (a paused vCPU keeps its pCPU); the rest
    /// sit in the wait queue and never run. credit and credit2 time-share, so any count runs.
    /// For "only the switch is infeasible", call it once without and once with the standby.
    /// </summary>
    public static string? Infeasibility(SchedulerKind kind, int pcpus, int dom0Vcpus, int domUVcpus, int standbyVcpus = 0)
    {
        if (pcpus < 1) return $"a board needs at least 1 pCPU, not {pcpus}";
        if (dom0Vcpus < 1) return $"dom0 needs at least 1 vCPU, not {dom0Vcpus}";
        if (domUVcpus < 0 || standbyVcpus < 0) return "a vCPU count cannot be negative";
        if (kind != SchedulerKind.Null) return null;
        var total = dom0Vcpus + domUVcpus + standbyVcpus;
        if (total <= pcpus) return null;
        var terms = $"{dom0Vcpus} dom0 vCPUs + {domUVcpus} domU vCPUs";
        if (standbyVcpus > 0) terms += $" + {standbyVcpus} standby vCPUs";
        return $"null scheduler: {terms} = {total} > {pcpus} pCPUs; a vCPU in null's wait queue never runs";
    }

    /// <summary>
    /// The same test on a built board with its actual pins: the vCPUs that null left in its wait
    /// queue (they never run), or null if every vCPU has a pCPU or the scheduler time-shares.
    /// </summary>
    public string? Infeasibility()
    {
        if (SchedulerKind != SchedulerKind.Null) return null;
        var waiting = new List<string>();
        foreach (var d in _domains)
            foreach (var v in d.Vcpus)
                if (v.AssignedPcpu < 0) waiting.Add(v.ToString());
        return waiting.Count == 0 ? null
            : $"null scheduler: {string.Join(", ", waiting)} found no free pCPU in their affinity; a vCPU in null's wait queue never runs";
    }
}
