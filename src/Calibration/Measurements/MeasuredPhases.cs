namespace XenSwitchSim.Calibration.Measurements;

/// <summary>
/// How the study derived totals and phases from the probes (contracts.md section 2; the same
/// arithmetic as the simulator's <c>OperationTimes</c>): differences of raw ticks divided by the
/// counter frequency. A value is missing (NaN) when either probe is.
/// <list type="bullet">
/// <item>pause: total = vcpu_offline - dom0_stamp; <c>xl_to_domu_last_sample</c> = domu_last_sample - dom0_stamp;
/// <c>domu_last_sample_to_xen</c> = xen_op_start - domu_last_sample; <c>xen_to_vcpu_paused</c> = vcpu_offline - xen_op_start.</item>
/// <item>unpause: total = domu_first_sample - dom0_stamp; <c>xl_to_xen</c> = xen_op_start - dom0_stamp;
/// <c>xen_to_vcpu_running</c> = vcpu_running - xen_op_start; <c>vcpu_running_to_domu_sample</c> = domu_first_sample - vcpu_running.</item>
/// <item>switch: total = domu_first_sample (standby) - dom0_stamp; <c>xl_to_xen</c> = xen_op_start (the active's pause) - dom0_stamp;
/// <c>xen_to_standby_running</c> = vcpu_running (standby) - xen_op_start; <c>standby_running_to_domu_sample</c> =
/// domu_first_sample - vcpu_running. (The contract names no switch phases; these are this project's.)</item>
/// </list>
/// </summary>
public static class MeasuredPhases
{
    public static readonly IReadOnlyList<string> Pause = ["xl_to_domu_last_sample", "domu_last_sample_to_xen", "xen_to_vcpu_paused"];

    public static readonly IReadOnlyList<string> Unpause = ["xl_to_xen", "xen_to_vcpu_running", "vcpu_running_to_domu_sample"];

    public static readonly IReadOnlyList<string> Switch = ["xl_to_xen", "xen_to_standby_running", "standby_running_to_domu_sample"];

    public static IReadOnlyList<string> Of(MeasurementOp op) => op switch
    {
        MeasurementOp.Pause => Pause,
        MeasurementOp.Unpause => Unpause,
        _ => Switch,
    };

    /// <summary>Microseconds from tick <paramref name="from"/> to tick <paramref name="to"/> (may be negative); NaN if either is missing.</summary>
    public static double Us(ulong? from, ulong? to, double counterHz) =>
        from is { } a && to is { } b ? (b >= a ? (double)(b - a) : -(double)(a - b)) * 1e6 / counterHz : double.NaN;

    /// <summary>The observed total of one row, in us.</summary>
    public static double TotalUs(MeasurementRun r, double counterHz) => r.Op switch
    {
        MeasurementOp.Pause => Us(r.Dom0Stamp, r.VcpuOffline, counterHz),
        _ => Us(r.Dom0Stamp, r.DomUFirstSample, counterHz),
    };

    /// <summary>The row's phases in the order of <see cref="Of"/>, in us.</summary>
    public static double[] PhasesUs(MeasurementRun r, double counterHz) => r.Op switch
    {
        MeasurementOp.Pause =>
        [
            Us(r.Dom0Stamp, r.DomULastSample, counterHz),
            Us(r.DomULastSample, r.XenOpStart, counterHz),
            Us(r.XenOpStart, r.VcpuOffline, counterHz),
        ],
        _ =>
        [
            Us(r.Dom0Stamp, r.XenOpStart, counterHz),
            Us(r.XenOpStart, r.VcpuRunning, counterHz),
            Us(r.VcpuRunning, r.DomUFirstSample, counterHz),
        ],
    };
}
