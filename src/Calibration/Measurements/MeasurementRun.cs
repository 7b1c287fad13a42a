namespace XenSwitchSim.Calibration.Measurements;

/// <summary>
/// One row of <c>runs.csv</c>: the raw counter ticks of every probe of one operation, all on one
/// timeline (the physical counter Xen's trace uses: CNTPCT on Arm, the TSC on x86), null where the
/// probe was off or saw nothing (contracts.md section 4).
/// <list type="bullet">
/// <item><c>dom0_stamp</c>: dom0's stamp just before launching <c>xl</c> (or calling libxenctrl).</item>
/// <item><c>domu_last_sample</c>: the domU sampler's last stamp before the pause (switch: of the active domU).</item>
/// <item><c>xen_op_start</c>: Xen starts the operation (pause: first SLEEP; unpause: first WAKE; switch: the active's first SLEEP).</item>
/// <item><c>vcpu_offline</c>: the paused domain's vCPU runstate change to offline (switch: of the active domU).</item>
/// <item><c>vcpu_running</c>: the unpaused domain's vCPU runstate change to running (switch: of the standby).</item>
/// <item><c>domu_first_sample</c>: the sampler's first stamp after the unpause (switch: the standby's).</item>
/// </list>
/// </summary>
public sealed record MeasurementRun(
    int Run,
    MeasurementOp Op,
    ulong? Dom0Stamp,
    ulong? DomULastSample,
    ulong? XenOpStart,
    ulong? VcpuOffline,
    ulong? VcpuRunning,
    ulong? DomUFirstSample)
{
    /// <summary>The column names of runs.csv, in order.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["run", "op", "dom0_stamp", "domu_last_sample", "xen_op_start", "vcpu_offline", "vcpu_running", "domu_first_sample"];

    /// <summary>The six probe values in column order.</summary>
    public ulong?[] Probes => [Dom0Stamp, DomULastSample, XenOpStart, VcpuOffline, VcpuRunning, DomUFirstSample];
}
