using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

public class XentraceFormatTextReaderTests
{
    private static XentraceFormatLine One(string line) =>
        Assert.Single(XentraceFormatTextReader.Parse([line]).Lines);

    [Fact]
    public void Runstate_line_from_the_note()
    {
        XentraceFormatLine l = One("CPU2  123456789012 (+    1234)  running_to_offline  [ dom:vcpu = 0x00010000 ]");

        Assert.Equal((2, 123456789012ul, 1234L), (l.Cpu, l.Tsc, l.RelTsc));
        Assert.Equal(0x00021031u, l.Event);
        Assert.Equal("runstate_change", l.Name);
        Assert.Equal("running_to_offline", l.Label);
        Assert.Equal((1, 0), (l.Dom!.Value, l.Vcpu!.Value));
        Assert.Equal((RunState.Running, RunState.Offline), (l.Old!.Value, l.New!.Value));
        Assert.Equal(new SchedProbeEvent(123456789012, 2, SchedProbeKind.Runstate, 1, 0, RunState.Running, RunState.Offline, 1),
            l.ToProbeEvent());
    }

    [Fact]
    public void Sleep_wake_and_switch_lines()
    {
        XentraceFormatLine sleep = One("CPU0  386238671858 (+   12345)  domain_sleep      [ dom:vcpu = 0x00010000 ]");
        Assert.Equal((TraceEventIds.Sleep, "vcpu_sleep", 1, 0), (sleep.Event!.Value, sleep.Name, sleep.Dom!.Value, sleep.Vcpu!.Value));
        Assert.Equal(SchedProbeKind.Sleep, sleep.ToProbeEvent()!.Value.Kind);

        XentraceFormatLine wake = One("CPU0  386808933592 (+     100)  domain_wake       [ dom:vcpu = 0x00020003 ]");
        Assert.Equal((TraceEventIds.Wake, 2, 3), (wake.Event!.Value, wake.Dom!.Value, wake.Vcpu!.Value));

        XentraceFormatLine sw = One(
            "CPU1  387511013200 (+    2000)  __enter_scheduler [ prev<dom:vcpu> = 0x00010000, next<dom:vcpu> = 0x7fff0002 ]");
        Assert.Equal((TraceEventIds.Switch, "sched_switch"), (sw.Event!.Value, sw.Name));
        Assert.Equal((1, 0, 32767, 2), (sw.Dom!.Value, sw.Vcpu!.Value, sw.NextDom!.Value, sw.NextVcpu!.Value));
        Assert.Null(sw.ToProbeEvent());
        Assert.Equal(2, sw.Fields.Count);
    }

    [Theory]
    // The shipped formats file labels the last five credit2 events one off: trust the id they are listed under.
    [InlineData("csched2:ratelimit      [ dom:vcpu = 0x00000001, runtime = 16777216 ]", 0x00022215u, "csched2:schedule")]
    [InlineData("csched2:schedule       [ rq:cpu = 0x00020000, tasklet[8]:idle[8]:smt_idle[8]:tickled[8] = ffffffff ]", 0x00022214u, "csched2:runq_candidate")]
    [InlineData("csched2:runq_candidate [ dom:vcpu = 0x00000007, credit = 131073, tickled_cpu = 0 ]", 0x00022213u, "csched2:picked_cpu")]
    [InlineData("csched2:runq_cand_chk  [ dom:vcpu = 0x00020000 ]", 0x00022216u, "csched2:ratelimit")]
    [InlineData("unknown (0x0000000000022217)  [ 0x00020000 0x00000000 0x00000000 0x00000000 0x00000000 0x00000000 0x00000000 ]", 0x00022217u, "csched2:runq_cand_check")]
    [InlineData("csched2:credit burn    [ dom:vcpu = 0x00000000, credit = -56396, budget = -2147483648, delta = 5443509 ]", 0x00022203u, "csched2:burn_credits")]
    [InlineData("cpu_change        0x00000001", 0x0001f003u, "cpu_change")]
    [InlineData("null:schedule      [ cpu[16]:tasklet[16] = 00030000, dom:vcpu = 0x00020000 ]", 0x00022a05u, "null:schedule")]
    [InlineData("blocked_to_offline  [ dom:vcpu = 0x00010002 ]", 0x00021231u, "runstate_change")]
    public void Event_is_rederived_from_ids_not_labels(string body, uint eventId, string name)
    {
        XentraceFormatLine l = One($"CPU1  387511013200 (+       0)  {body}");

        Assert.Equal(eventId, l.Event);
        Assert.Equal(name, l.Name);
    }

    [Fact]
    public void Labels_outside_the_table_are_kept_without_an_id()
    {
        XentraceFormatLine l = One("CPU0  10 (+       0)  VMEXIT      [ exitcode = 0x00000001, rIP  = 0xffff0000 ]");

        Assert.Null(l.Event);
        Assert.Equal("VMEXIT", l.Name);
        Assert.Null(l.ToProbeEvent());
    }

    [Fact]
    public void Non_record_lines_are_skipped_and_garbage_is_an_error()
    {
        TextTrace<XentraceFormatLine> text = XentraceFormatTextReader.Parse(
        [
            "TSC stepped backward cpu 1 !  5 10",
            "CPU0  10 (+       0)  domain_wake       [ dom:vcpu = 0x00010000 ]",
            "{'cpu': 0, 'tsc': 10}",
        ]);
        Assert.Single(text.Lines);
        Assert.Equal([1, 3], text.SkippedLineNumbers);

        var ex = Assert.Throws<TraceFormatException>(() =>
            XentraceFormatTextReader.Parse(["   0.588359373 x| d0v0 vcpu_sleep d1v0"]));
        Assert.Equal(1, ex.LineNumber);
        Assert.Contains("xentrace_format", ex.Message);
    }
}
