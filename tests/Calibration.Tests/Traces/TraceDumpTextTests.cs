using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

public class TraceDumpTextTests
{
    private static string Dump(IReadOnlyList<TraceRecord> records, ulong hz)
    {
        var writer = new StringWriter { NewLine = "\n" };
        TraceDump.WriteText(writer, records, hz);
        return writer.ToString();
    }

    [Fact]
    public void Lines_follow_the_xenalyze_layout_with_exact_time()
    {
        // 54 MHz: 6 ticks = 111.1 ns, 27 ticks = 500 ns, 54 ticks = 1 us. The second window of each CPU
        // starts with a CPU-change record that takes that CPU's previous TSC.
        byte[] file = new XentraceBuilder()
            .Window(0, w => w
                .Runstate(54, 0, 0, RunState.Runnable, RunState.Running)
                .Sleep(108, 1, 0))
            .Window(1, w => w
                .Runstate(60, 1, 0, RunState.Runnable, RunState.Running)
                .Record(TraceEventIds.Switch, 81, 1, 0, 0x7fff, 1)
                .Runstate(81, 1, 0, RunState.Running, RunState.Offline)
                .Runstate(81, 0x7fff, 1, RunState.Runnable, RunState.Running))
            .Window(0, w => w.Runstate(135, 0, 0, RunState.Running, RunState.Blocked))
            .Window(1, w => w.Wake(162, 1, 0))
            .Build();

        string text = Dump(XentraceReader.Read(file).Records, 54_000_000);

        Assert.Equal(
            "   0.000000000 x. d?v? cpu_change cpu 0, window_size 36\n" +
            "   0.000000000 x. d?v? runstate_change d0v0 runnable->running\n" +
            "   0.000000111 |x d?v? cpu_change cpu 1, window_size 76\n" +
            "   0.000000111 |x d?v? runstate_change d1v0 runnable->running\n" +
            "   0.000000500 |x d1v0 sched_switch prev d1v0 next d32767v1\n" +
            "   0.000000500 |x d1v0 runstate_change d1v0 running->offline\n" +
            "   0.000000500 |x d?v? runstate_change d32767v1 runnable->running\n" +
            "   0.000000500 |x d32767v1 cpu_change cpu 1, window_size 20\n" +
            "   0.000001000 x- d0v0 vcpu_sleep d1v0\n" +
            "   0.000001000 x- d0v0 cpu_change cpu 0, window_size 16\n" +
            "   0.000001500 x- d0v0 runstate_change d0v0 running->blocked\n" +
            "   0.000002000  x d32767v1 vcpu_wake d1v0\n",
            text);

        // The xenalyze reader reads it back, blank pcpu cell included.
        XenalyzeLine last = XenalyzeTextReader.Parse(new StringReader(text)).Lines[^1];
        Assert.Equal((2000ul, 1, " x", XenalyzeLineKind.VcpuWake), (last.TimeNs, last.Cpu, last.PcpuString, last.Kind));
    }

    [Fact]
    public void Fixture_pause_lines_read_like_the_note_at_true_time()
    {
        string[] lines = Dump(Fixture.Trace.Records, Fixture.CpuHz).Split('\n');

        // The note's "0.588359373 x| d0v0 vcpu_sleep d1v0" is at xenalyze's 2.4 GHz; at 2.1 GHz: 0.672246549.
        Assert.Contains("   0.672246549 x| d0v0 vcpu_sleep d1v0", lines);
        Assert.Contains("   0.672269148 x| d0v0 runstate_change d1v0 runnable->offline", lines);
        Assert.Contains("   1.278123383 |x d1v0 runstate_change d1v0 running->offline", lines);
        Assert.Equal(15374, lines.Length - 1);
    }

    [Fact]
    public void Records_with_a_negative_cpu_are_refused()
    {
        TraceRecord bad = new(1, -1, TraceEventIds.Csched2Tick, ReadOnlyMemory<uint>.Empty, 0, true);

        Assert.Throws<ArgumentException>(() => TraceDump.WriteText(TextWriter.Null, [bad], 54_000_000));
    }

    [Theory]
    [InlineData(0ul, "  0.000000000")]
    [InlineData(1_005ul, "  0.000001005")]
    [InlineData(1_234_000_000_000ul, "1234.000000000")]
    public void Time_column(ulong ns, string text)
    {
        Assert.Equal(text, TraceDump.FormatTime(ns));
    }
}
