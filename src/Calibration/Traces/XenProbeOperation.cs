namespace XenSwitchSim.Calibration.Traces;

public enum XenOperationKind
{
    Pause,
    Unpause,
}

/// <summary>
/// One pause or unpause of a domain as Xen's trace shows it: the study's Xen-side probes.
/// <list type="bullet">
/// <item>Pause: <see cref="XenOpStartCycles"/> = <c>xen_op_start</c> = SLEEP of the first vCPU
/// (on the pCPU of the dom0 vCPU that made the hypercall); <see cref="VcpuOfflineOrRunningCycles"/> =
/// <c>vcpu_offline</c> = the latest ->offline runstate record among the domain's vCPUs. For a vCPU
/// that was blocked when paused, that record is written only at its next wake-up.</item>
/// <item>Unpause: <c>xen_op_start</c> = the first WAKE of a vCPU that is the unpause (or, when WAKE
/// records are missing, the first offline->runnable); <c>vcpu_running</c> = the first ->running
/// runstate record of any vCPU of the domain after it.</item>
/// </list>
/// </summary>
/// <param name="VcpuOfflineOrRunningCycles">Null when the trace has no such record (trace ended, records lost, or the vCPU never left "blocked").</param>
/// <param name="StartEvent">Which record gave xen_op_start: <c>vcpu_sleep</c>, <c>vcpu_wake</c> or <c>runstate_change offline->runnable</c>.</param>
/// <param name="Vcpus">vCPUs seen taking part (slept or went offline for a pause; woken for an unpause).</param>
/// <param name="VcpusWithoutEndRecord">Pause only: slept vCPUs with no ->offline record before the unpause (and not already offline).</param>
/// <param name="StartSourceIndex">Index (in the input) of the start record.</param>
/// <param name="EndSourceIndex">Index of the end record, if any.</param>
public sealed record XenProbeOperation(
    XenOperationKind Op,
    int Domain,
    ulong XenOpStartCycles,
    ulong? VcpuOfflineOrRunningCycles,
    int StartCpu,
    string StartEvent,
    IReadOnlyList<int> Vcpus,
    IReadOnlyList<int> VcpusWithoutEndRecord,
    int StartSourceIndex,
    int? EndSourceIndex)
{
    /// <summary>Probe name of the end: <c>vcpu_offline</c> for a pause, <c>vcpu_running</c> for an unpause.</summary>
    public string EndProbe => Op == XenOperationKind.Pause ? "vcpu_offline" : "vcpu_running";

    /// <summary>True when the end probe exists and every vCPU that should have produced one did.</summary>
    public bool Complete => VcpuOfflineOrRunningCycles is not null && VcpusWithoutEndRecord.Count == 0;

    public ulong? DurationCycles => VcpuOfflineOrRunningCycles - XenOpStartCycles;

    public double? DurationUs(ulong cpuHz) =>
        DurationCycles is { } c ? TraceTime.TicksToUs(c, cpuHz) : null;
}

/// <summary>Operations found for one domain, in time order, and anything odd met on the way.</summary>
public sealed record XenProbeResult(int Domain, IReadOnlyList<XenProbeOperation> Operations, IReadOnlyList<string> Warnings)
{
    public IEnumerable<XenProbeOperation> Pauses => Operations.Where(o => o.Op == XenOperationKind.Pause);

    public IEnumerable<XenProbeOperation> Unpauses => Operations.Where(o => o.Op == XenOperationKind.Unpause);
}
