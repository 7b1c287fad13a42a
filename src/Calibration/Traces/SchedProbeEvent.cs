namespace XenSwitchSim.Calibration.Traces;

public enum SchedProbeKind
{
    /// <summary>TRC_SCHED_SLEEP: vcpu_sleep_nosync, on the caller's pCPU.</summary>
    Sleep,

    /// <summary>TRC_SCHED_WAKE: vcpu_wake, on the caller's pCPU.</summary>
    Wake,

    /// <summary>TRC_SCHED_RUNSTATE_CHANGE old->new.</summary>
    Runstate,
}

/// <summary>
/// The scheduler facts the probe extractor needs, from whichever trace form (binary records,
/// xentrace_format text, xenalyze text). <see cref="Cycles"/> is in counter ticks; only differences
/// between events matter.
/// </summary>
/// <param name="SourceIndex">Index of the originating record or line, to trace a probe back to its source.</param>
public readonly record struct SchedProbeEvent(
    ulong Cycles,
    int Cpu,
    SchedProbeKind Kind,
    int Dom,
    int Vcpu,
    RunState Old = RunState.Running,
    RunState New = RunState.Running,
    int SourceIndex = -1)
{
    /// <summary>The probe event of a binary record, if it is a SLEEP, WAKE or runstate change with its payload.</summary>
    public static bool TryFrom(in TraceRecord record, int sourceIndex, out SchedProbeEvent probe)
    {
        ReadOnlySpan<uint> d = record.Extra.Span;
        if (TraceEventIds.TryGetRunstateChange(record.Event, out RunState oldState, out RunState newState)
            && d.Length >= 1)
        {
            (int dom, int vcpu) = TraceEventDecoder.UnitDom(d[0]);
            probe = new SchedProbeEvent(record.Cycles, record.Cpu, SchedProbeKind.Runstate, dom, vcpu,
                oldState, newState, sourceIndex);
            return true;
        }

        if (record.Event is TraceEventIds.Sleep or TraceEventIds.Wake && d.Length >= 2)
        {
            var kind = record.Event == TraceEventIds.Sleep ? SchedProbeKind.Sleep : SchedProbeKind.Wake;
            probe = new SchedProbeEvent(record.Cycles, record.Cpu, kind, (int)d[0], (int)d[1],
                SourceIndex: sourceIndex);
            return true;
        }

        probe = default;
        return false;
    }

    public override string ToString() => Kind == SchedProbeKind.Runstate
        ? $"{Cycles} cpu{Cpu} runstate_change d{Dom}v{Vcpu} {Old.Name()}->{New.Name()}"
        : $"{Cycles} cpu{Cpu} vcpu_{Kind.ToString().ToLowerInvariant()} d{Dom}v{Vcpu}";
}
