namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// One line of <c>xentrace_format formats &lt; trace</c> output. <see cref="Event"/> is the real id
/// (from a printed hex id, or from the label's place in the shipped formats file), and
/// <see cref="Name"/> the decoder's name for it; <see cref="Label"/> is the text as printed.
/// xentrace_format prints in file order (per-CPU windows), not time order.
/// <see cref="Tsc"/> is raw ticks unless xentrace_format was run with <c>-c</c>, in which case it is
/// whole seconds (truncated) and useless; <see cref="RelTsc"/> is ticks since the previous record on the
/// same CPU either way.
/// </summary>
/// <param name="Dom">For dom:vcpu fields (and prev&lt;dom:vcpu&gt; of a switch): the domain.</param>
/// <param name="NextDom">For a switch: next&lt;dom:vcpu&gt;'s domain.</param>
/// <param name="Fields">The <c>key = value</c> pairs inside the brackets, as printed.</param>
public sealed record XentraceFormatLine(
    int LineNumber,
    int Cpu,
    ulong Tsc,
    long RelTsc,
    string Label,
    uint? Event,
    string Name,
    int? Dom,
    int? Vcpu,
    RunState? Old,
    RunState? New,
    int? NextDom,
    int? NextVcpu,
    IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public SchedProbeEvent? ToProbeEvent()
    {
        if (Event is not { } id || Dom is not { } dom || Vcpu is not { } vcpu)
        {
            return null;
        }

        if (TraceEventIds.TryGetRunstateChange(id, out RunState o, out RunState n))
        {
            return new SchedProbeEvent(Tsc, Cpu, SchedProbeKind.Runstate, dom, vcpu, o, n, LineNumber);
        }

        return id switch
        {
            TraceEventIds.Sleep => new SchedProbeEvent(Tsc, Cpu, SchedProbeKind.Sleep, dom, vcpu, SourceIndex: LineNumber),
            TraceEventIds.Wake => new SchedProbeEvent(Tsc, Cpu, SchedProbeKind.Wake, dom, vcpu, SourceIndex: LineNumber),
            _ => null,
        };
    }
}
