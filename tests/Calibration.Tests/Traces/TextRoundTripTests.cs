using System.Globalization;
using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

/// <summary>The same fixture through each text form must give the same operations as the binary.</summary>
public class TextRoundTripTests
{
    [Fact]
    public void Text_dump_parses_back_completely()
    {
        var writer = new StringWriter();
        TraceDump.WriteText(writer, Fixture.Trace.Records, Fixture.CpuHz);

        TextTrace<XenalyzeLine> text = XenalyzeTextReader.Parse(new StringReader(writer.ToString()));

        Assert.Equal(15374, text.Lines.Count);
        Assert.Equal(0, text.SkippedLines);
        Dictionary<XenalyzeLineKind, int> kinds = text.Lines.GroupBy(l => l.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(271 + 321 + 49 + 49 + 1 + 2 + 3, kinds[XenalyzeLineKind.RunstateChange]);
        Assert.Equal(1147, kinds[XenalyzeLineKind.RunstateContinue]);
        Assert.Equal(3, kinds[XenalyzeLineKind.VcpuSleep]);
        Assert.Equal(52, kinds[XenalyzeLineKind.VcpuWake]);
        Assert.Equal(49, kinds[XenalyzeLineKind.VcpuBlock]);
        Assert.Equal(321, kinds[XenalyzeLineKind.SchedSwitch]);
        Assert.Equal(321, kinds[XenalyzeLineKind.SwitchPrev]);
        Assert.Equal(321, kinds[XenalyzeLineKind.SwitchNext]);
        Assert.Equal(1147, kinds[XenalyzeLineKind.SwitchContinue]);
        Assert.Equal(
            Fixture.Trace.Records.Select(r => r.Cpu).ToArray(),
            text.Lines.Select(l => l.Cpu).ToArray());
    }

    [Fact]
    public void Xentrace_format_text_in_file_order_gives_the_binary_operations_exactly()
    {
        string text = EmulateXentraceFormat(Fixture.Trace.RecordsInFileOrder());

        TextTrace<XentraceFormatLine> parsed = XentraceFormatTextReader.Parse(new StringReader(text));
        Assert.Equal(15374, parsed.Lines.Count);

        XenProbeResult fromText = XenProbeExtractor.Extract(
            parsed.Lines.Select(l => l.ToProbeEvent()).OfType<SchedProbeEvent>(), 1);
        XenProbeResult fromBinary = XenProbeExtractor.Extract(Fixture.Trace.Records, 1);

        Assert.Equal(
            fromBinary.Operations.Select(o => (o.Op, o.XenOpStartCycles, o.VcpuOfflineOrRunningCycles)),
            fromText.Operations.Select(o => (o.Op, o.XenOpStartCycles, o.VcpuOfflineOrRunningCycles)));
    }

    [Fact]
    public void Xenalyze_scaled_text_gives_the_binary_durations_within_a_few_cycles()
    {
        // Print the d1 probe records the way xenalyze --cpu-hz=2.1G would, then recover ticks.
        ulong hz = Fixture.CpuHz;
        ulong first = Fixture.Trace.FirstCycles;
        var lines = new List<string>();
        foreach (TraceRecord r in Fixture.Trace.Records)
        {
            if (!SchedProbeEvent.TryFrom(r, 0, out SchedProbeEvent e) || e.Dom != 1)
            {
                continue;
            }

            ulong ns = XenalyzeTime.XenalyzeNsFromTicks(r.Cycles - first, hz);
            string pcpu = r.Cpu == 0 ? "x|" : "|x";
            lines.Add($" {TraceDump.FormatTime(ns)} {pcpu} d0v0 {TraceEventDecoder.Decode(r).Text}");
        }

        IEnumerable<SchedProbeEvent> events = XenalyzeTextReader.Parse(lines).Lines
            .Select(l => l.ToProbeEvent(hz)).OfType<SchedProbeEvent>();
        XenProbeOperation[] fromText = XenProbeExtractor.Extract(events, 1).Operations.ToArray();
        XenProbeOperation[] fromBinary = XenProbeExtractor.Extract(Fixture.Trace.Records, 1).Operations.ToArray();

        Assert.Equal(6, fromText.Length);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(fromBinary[i].Op, fromText[i].Op);
            Assert.InRange((long)fromText[i].DurationCycles!.Value - (long)fromBinary[i].DurationCycles!.Value, -3, 3);
        }
    }

    /// <summary>What xentrace_format with the shipped formats file prints for the records the extractor uses.</summary>
    private static string EmulateXentraceFormat(IEnumerable<TraceRecord> fileOrder)
    {
        var sb = new System.Text.StringBuilder();
        var lastTsc = new Dictionary<int, ulong>();
        foreach (TraceRecord r in fileOrder)
        {
            ulong tsc = r.HasTsc ? r.Cycles : 0;
            ulong rel = r.HasTsc && lastTsc.TryGetValue(r.Cpu, out ulong last) && last > 0 ? tsc - last : 0;
            if (r.HasTsc)
            {
                lastTsc[r.Cpu] = tsc;
            }

            uint[] d = r.Extra.ToArray();
            string body;
            if (TraceEventIds.TryGetRunstateChange(r.Event, out RunState o, out RunState n))
            {
                body = $"{o.Name()}_to_{n.Name()}  [ dom:vcpu = 0x{d[0]:x8} ]";
            }
            else if (r.Event is TraceEventIds.Sleep or TraceEventIds.Wake)
            {
                string label = r.Event == TraceEventIds.Sleep ? "domain_sleep" : "domain_wake";
                body = $"{label,-17} [ dom:vcpu = 0x{d[0]:x4}{d[1]:x4} ]";
            }
            else if (r.Event == TraceEventIds.CpuChange)
            {
                body = $"cpu_change        0x{d[0]:x8}";
            }
            else
            {
                string words = string.Join(' ', Enumerable.Range(0, 7).Select(i => $"0x{(i < d.Length ? d[i] : 0):x8}"));
                body = $"unknown (0x{r.Event:x16})  [ {words} ]";
            }

            sb.Append(CultureInfo.InvariantCulture, $"CPU{r.Cpu}  {tsc} (+{rel,8})  {body}\n");
        }

        return sb.ToString();
    }
}
