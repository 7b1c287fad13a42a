namespace XenSwitchSim.Calibration.Traces;

public enum XenalyzeLineKind
{
    RunstateChange,
    RunstateContinue,
    VcpuSleep,
    VcpuWake,
    VcpuBlock,
    VcpuYield,

    /// <summary><c>sched_switch prev dAvB next dCvD</c>: Dom/Vcpu = prev, NextDom/NextVcpu = next.</summary>
    SchedSwitch,

    /// <summary><c>sched_switch prev dA[vB], run for X.Yus</c>: DurationNs = run time.</summary>
    SwitchPrev,

    /// <summary><c>sched_switch next dA[vB][, was runnable for X.Yus][, next slice ...]</c>: DurationNs = runnable time.</summary>
    SwitchNext,

    /// <summary><c>sched_switch continue dAvB, run for X.Yus</c>: DurationNs = run time.</summary>
    SwitchContinue,

    /// <summary>A well-formed dump line whose event text is not one of the above.</summary>
    Other,
}

/// <summary>
/// One <c>xenalyze --dump-all</c> line. <see cref="TimeNs"/> is as printed, i.e. on xenalyze's scale
/// (see <see cref="XenalyzeTime"/>), relative to the trace's first record; a blank time (the first
/// record) is 0.
/// </summary>
public sealed record XenalyzeLine(
    int LineNumber,
    ulong TimeNs,
    string PcpuString,
    int Cpu,
    int? CurrentDom,
    int? CurrentVcpu,
    XenalyzeLineKind Kind,
    string EventText,
    int? Dom = null,
    int? Vcpu = null,
    RunState? Old = null,
    RunState? New = null,
    int? NextDom = null,
    int? NextVcpu = null,
    ulong? DurationNs = null)
{
    /// <summary>
    /// The probe event of a sleep, wake or runstate-change line, with ticks recovered from xenalyze's
    /// time using the hz it was run with (to about one tick).
    /// </summary>
    public SchedProbeEvent? ToProbeEvent(ulong hzGivenToXenalyze)
    {
        if (Dom is not { } dom || Vcpu is not { } vcpu)
        {
            return null;
        }

        ulong ticks = XenalyzeTime.TicksFromXenalyzeNs(TimeNs, hzGivenToXenalyze);
        return Kind switch
        {
            XenalyzeLineKind.VcpuSleep => new SchedProbeEvent(ticks, Cpu, SchedProbeKind.Sleep, dom, vcpu, SourceIndex: LineNumber),
            XenalyzeLineKind.VcpuWake => new SchedProbeEvent(ticks, Cpu, SchedProbeKind.Wake, dom, vcpu, SourceIndex: LineNumber),
            XenalyzeLineKind.RunstateChange when Old is { } o && New is { } n =>
                new SchedProbeEvent(ticks, Cpu, SchedProbeKind.Runstate, dom, vcpu, o, n, LineNumber),
            _ => null,
        };
    }
}
