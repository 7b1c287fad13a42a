using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

public class XenalyzeTextReaderTests
{
    /// <summary>Lines quoted in the fixture's provenance note (xenalyze 4.17 --dump-all, default 2.4 GHz).</summary>
    private static readonly string[] NoteLines =
    [
        "   0.588359373 x| d0v0 vcpu_sleep d1v0",
        "   0.588379152 x| d0v0 runstate_change d1v0 runnable->offline",
        "   0.826039211 x| d0v0 runstate_change d1v0 offline->runnable",
        "   1.118631064 |x d1v0 runstate_change d1v0 running->offline",
        "   1.305508600 x| d0v0 runstate_change d1v0 offline->runnable",
        "   1.508699143 x| d0v0 runstate_change d1v0 runnable->offline",
        "   1.711720452 x| d0v0 runstate_change d1v0 offline->runnable",
    ];

    [Fact]
    public void Lines_from_the_note_parse()
    {
        TextTrace<XenalyzeLine> text = XenalyzeTextReader.Parse(NoteLines);

        Assert.Equal(7, text.Lines.Count);
        Assert.Equal(0, text.SkippedLines);

        XenalyzeLine sleep = text.Lines[0];
        Assert.Equal(XenalyzeLineKind.VcpuSleep, sleep.Kind);
        Assert.Equal(588_359_373ul, sleep.TimeNs);
        Assert.Equal(0, sleep.Cpu);
        Assert.Equal("x|", sleep.PcpuString);
        Assert.Equal((0, 0), (sleep.CurrentDom!.Value, sleep.CurrentVcpu!.Value));
        Assert.Equal((1, 0), (sleep.Dom!.Value, sleep.Vcpu!.Value));

        XenalyzeLine offline = text.Lines[3];
        Assert.Equal(XenalyzeLineKind.RunstateChange, offline.Kind);
        Assert.Equal(1_118_631_064ul, offline.TimeNs);
        Assert.Equal(1, offline.Cpu);
        Assert.Equal((1, 0), (offline.CurrentDom!.Value, offline.CurrentVcpu!.Value));
        Assert.Equal((RunState.Running, RunState.Offline), (offline.Old!.Value, offline.New!.Value));
    }

    [Fact]
    public void Note_lines_give_the_same_pauses_as_the_binary_up_to_xenalyze_rounding()
    {
        SchedProbeEvent[] events = XenalyzeTextReader.Parse(NoteLines).Lines
            .Select(l => l.ToProbeEvent(XenalyzeTime.DefaultCpuHz))
            .OfType<SchedProbeEvent>()
            .ToArray();

        XenProbeResult fromText = XenProbeExtractor.Extract(events, 1);

        // The note omits the 2nd and 3rd SLEEP, so only the first pause is complete in the text.
        XenProbeOperation pause = fromText.Operations[0];
        Assert.Equal(XenOperationKind.Pause, pause.Op);
        XenProbeOperation binary = XenProbeExtractor.Extract(Fixture.Trace.Records, 1).Operations[0];
        Assert.InRange((long)pause.DurationCycles!.Value - (long)binary.DurationCycles!.Value, -3, 3);
    }

    [Fact]
    public void Switch_lines_and_unpadded_microseconds()
    {
        string[] lines =
        [
            "   0.000010000 -x d1v0 sched_switch prev d1v0 next d32767v2",
            "   0.000010000 -x d1v0 sched_switch prev d1v0, run for 123.45us",
            "   0.000010000 -x d1v0 sched_switch next d2v0, was runnable for 1.5us, next slice 10.0us",
            "   0.000010000 -x d1v0 sched_switch prev d7, run for 0.999us",
        ];

        IReadOnlyList<XenalyzeLine> parsed = XenalyzeTextReader.Parse(lines).Lines;

        Assert.Equal(XenalyzeLineKind.SchedSwitch, parsed[0].Kind);
        Assert.Equal((1, 0, 32767, 2), (parsed[0].Dom!.Value, parsed[0].Vcpu!.Value, parsed[0].NextDom!.Value, parsed[0].NextVcpu!.Value));
        Assert.Equal(1, parsed[0].Cpu);
        Assert.Equal(XenalyzeLineKind.SwitchPrev, parsed[1].Kind);
        Assert.Equal(123_045ul, parsed[1].DurationNs); // "123.45" = 123 us + 45 ns
        Assert.Equal(XenalyzeLineKind.SwitchNext, parsed[2].Kind);
        Assert.Equal(1_005ul, parsed[2].DurationNs); // "1.5us" = 1005 ns
        Assert.Equal((7, (int?)null, 999ul), (parsed[3].Dom!.Value, parsed[3].Vcpu, parsed[3].DurationNs!.Value));
    }

    [Fact]
    public void Blank_time_unknown_current_and_blank_pcpu_cells()
    {
        string[] lines =
        [
            "                x| d32768v0 vcpu_wake d2v0", // time 0: 1 + 14 + 1 blanks
            "   0.000001000  x d?v? vcpu_block d3v1", // pCPU0 has no current (blank cell)
            "   0.000002000 -x|- d0v1 csched2:schedule cpu 1, rq# 0, busy, tickled",
        ];

        IReadOnlyList<XenalyzeLine> parsed = XenalyzeTextReader.Parse(lines).Lines;

        Assert.Equal((0ul, 0, XenalyzeLineKind.VcpuWake), (parsed[0].TimeNs, parsed[0].Cpu, parsed[0].Kind));
        Assert.Equal(32768, parsed[0].CurrentDom);
        Assert.Equal((1, XenalyzeLineKind.VcpuBlock), (parsed[1].Cpu, parsed[1].Kind));
        Assert.Null(parsed[1].CurrentDom);
        Assert.Equal((1, XenalyzeLineKind.Other), (parsed[2].Cpu, parsed[2].Kind));
        Assert.Equal("csched2:schedule cpu 1, rq# 0, busy, tickled", parsed[2].EventText);
    }

    [Fact]
    public void Non_dump_lines_are_skipped_and_counted()
    {
        string[] lines =
        [
            "Using VMX hardware-assisted virtualization.",
            "   0.588359373 x| d0v0 vcpu_sleep d1v0",
            "TSC skew detected p1->p0, 12 cycles. Changing p0 offset from 0 to 24",
            "               x| lost_records end ---",
            "",
            "   0.5 x| d0v0 vcpu_sleep d1v0", // ns not 9 digits
            "   0.588359373 xx d0v0 vcpu_sleep d1v0", // two x: not a pcpu string
        ];

        TextTrace<XenalyzeLine> text = XenalyzeTextReader.Parse(lines);

        Assert.Single(text.Lines);
        Assert.Equal(5, text.SkippedLines);
        Assert.Equal([1, 3, 4, 6, 7], text.SkippedLineNumbers);
    }

    [Fact]
    public void Input_with_no_dump_line_is_an_error_naming_the_first_line()
    {
        var ex = Assert.Throws<TraceFormatException>(() =>
            XenalyzeTextReader.Parse(new StringReader("\n\nCPU0  123 (+ 0)  domain_wake [ dom:vcpu = 0x00010000 ]\ngarbage\n")));

        Assert.Equal(3, ex.LineNumber);
        Assert.StartsWith("line 3: no line of the input is xenalyze --dump-all output (2 non-blank line(s) tried)", ex.Message);
    }

    [Fact]
    public void Empty_input_is_an_empty_trace()
    {
        TextTrace<XenalyzeLine> text = XenalyzeTextReader.Parse(new StringReader("\n  \n"));

        Assert.Empty(text.Lines);
        Assert.Equal(0, text.SkippedLines);
    }
}
