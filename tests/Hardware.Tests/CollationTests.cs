using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Calibration.Traces;
using XenSwitchSim.Hardware.Recording;
using XenSwitchSim.Hardware.Sampler;

namespace XenSwitchSim.Hardware.Tests;

/// <summary>
/// Collation on the real Xen 4.17 trace (3 xl pause/unpause pairs of d1): dom0 stamps and a domU
/// sampler log on their own (shifted) counters are put back on Xen's clock by bracketing.
/// </summary>
public class CollationTests
{
    private static readonly IReadOnlyList<TraceRecord> Trace =
        XentraceReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "xen-4.17-x86-credit2-pause-unpause.bin")).Records;

    private const long Dom0Off = 5_000_000_000;   // physical - dom0's counter
    private const long DomUOff = 7_000_000_000;   // physical - the domU's counter

    [Fact]
    public void Pause_runs_get_xen_probes_and_the_offsets_are_recovered()
    {
        var ops = XenProbeExtractor.Extract(Trace, 1).Operations;
        var pauses = ops.Where(o => o.Op == XenOperationKind.Pause).ToList();
        Assert.Equal(3, pauses.Count);

        // dom0 read its counter 2 ms before each SLEEP (xl start-up) and 0.5 ms after (xl exit).
        const ulong hz = 2_100_000_000;
        var runs = pauses.Select((p, i) => new RawRun(i, MeasurementOp.Pause,
            new OpResult((ulong)((long)p.XenOpStartCycles - Dom0Off) - (2 * hz / 1000), (ulong)((long)p.XenOpStartCycles - Dom0Off) + (hz / 2000), true, false, null), null)).ToList();

        // A sampler stamping every 1 ms while d1 runs (nothing while it is paused), on its own counter.
        var paused = Collation.PausedIntervals(ops);
        Assert.Equal(3, paused.Count);
        var stamps = new List<ulong>();
        var interval = hz / 1000;
        var t = Trace[0].Cycles;
        var end = Trace[^1].Cycles;
        for (; t < end; t += interval)
        {
            if (paused.Any(p => t > p.Offline && t < p.Running)) continue;
            stamps.Add((ulong)((long)t - DomUOff));
        }

        var log = new SamplerLog(2, hz, 1_000_000, 0, stamps[0], 0, false, 20, [.. stamps]);
        var result = Collation.Collate(new CollationInput
        {
            Runs = runs,
            ActiveId = 1,
            Arm64 = false,
            NativeCounter = true,
            Trace = Trace,
            Samplers = new Dictionary<uint, SamplerLog> { [1] = log },
            GapTicks = 20 * interval,
        });
        Assert.Empty(result.Warnings);

        var off0 = long.Parse(result.Alignment["dom0_offset_ticks"], System.Globalization.CultureInfo.InvariantCulture);
        var unc0 = long.Parse(result.Alignment["dom0_offset_uncertainty_ticks"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(Dom0Off, off0 - unc0, off0 + unc0);
        var offU = long.Parse(result.Alignment["domain1_offset_ticks"], System.Globalization.CultureInfo.InvariantCulture);
        var uncU = long.Parse(result.Alignment["domain1_offset_uncertainty_ticks"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(DomUOff, offU - uncU, offU + uncU);
        Assert.True(uncU <= (long)interval, $"domU offset uncertainty {uncU} ticks");

        Assert.Equal(3, result.Rows.Count);
        for (var i = 0; i < 3; i++)
        {
            var r = result.Rows[i];
            Assert.Equal(pauses[i].XenOpStartCycles, r.XenOpStart);
            Assert.Equal(pauses[i].VcpuOfflineOrRunningCycles, r.VcpuOffline);
            Assert.NotNull(r.DomULastSample);
            Assert.True(r.DomULastSample <= r.VcpuOffline + (ulong)uncU);
            Assert.True(r.VcpuOffline - r.DomULastSample < interval + (ulong)(2 * uncU));
            // dom0's stamp on Xen's clock: 2 ms before SLEEP, to within the bracket.
            var xlToXen = MeasuredPhases.Us(r.Dom0Stamp, r.XenOpStart, hz);
            Assert.InRange(xlToXen, 2000 - (unc0 * 1e6 / hz) - 1, 2000 + (unc0 * 1e6 / hz) + 1);
        }
    }

    private static TraceRecord Rec(ulong cycles, uint ev, params uint[] extra) => new(cycles, 0, ev, extra, 0, true);

    private static uint UnitDom(int dom, int vcpu) => (uint)(vcpu | (dom << 16));

    [Theory]
    [InlineData(0, 1050UL, 5200UL)]
    [InlineData(null, 1300UL, 5100UL)]
    public void The_probe_vcpus_records_are_used_as_the_simulator_defines_them(int? probe, ulong offline, ulong running)
    {
        // d1 with two vCPUs: v0 goes offline first, v1 runs first after the unpause.
        var trace = new List<TraceRecord>
        {
            Rec(1000, 0x28003, 1, 0), Rec(1001, 0x28003, 1, 1),
            Rec(1050, 0x21031, UnitDom(1, 0)), Rec(1300, 0x21031, UnitDom(1, 1)),
            Rec(5000, 0x28004, 1, 0), Rec(5001, 0x21311, UnitDom(1, 0)), Rec(5002, 0x28004, 1, 1), Rec(5003, 0x21311, UnitDom(1, 1)),
            Rec(5100, 0x21101, UnitDom(1, 1)), Rec(5200, 0x21101, UnitDom(1, 0)),
        };
        CollationInput Input(MeasurementOp op, ulong stamp) => new()
        {
            Runs = [new RawRun(0, op, new OpResult(stamp, stamp + 10, true, false, null), null)],
            ActiveId = 1, Arm64 = false, NativeCounter = true, Trace = trace, GapTicks = 1000, ProbeVcpu = probe,
            Dom0Offset = 0,
        };
        var pause = Assert.Single(Collation.Collate(Input(MeasurementOp.Pause, 900)).Rows);
        Assert.Equal(1000UL, pause.XenOpStart);
        Assert.Equal(offline, pause.VcpuOffline);
        var unpause = Assert.Single(Collation.Collate(Input(MeasurementOp.Unpause, 4900)).Rows);
        Assert.Equal(5000UL, unpause.XenOpStart);
        Assert.Equal(running, unpause.VcpuRunning);
    }

    [Fact]
    public void Without_a_trace_arm_domu_columns_stay_empty_and_say_why()
    {
        var runs = new[] { new RawRun(0, MeasurementOp.Unpause, new OpResult(1000, 2000, true, false, null), null) };
        var log = new SamplerLog(1, 54_000_000, 4_000_000, 0, 0, 0, false, 20, [500, 3000]);
        var result = Collation.Collate(new CollationInput
        {
            Runs = runs, ActiveId = 1, Arm64 = true, NativeCounter = true,
            Samplers = new Dictionary<uint, SamplerLog> { [1] = log }, GapTicks = 1000,
        });
        var row = Assert.Single(result.Rows);
        Assert.Equal(1000UL, row.Dom0Stamp);
        Assert.Null(row.DomUFirstSample);
        Assert.Contains(result.Warnings, w => w.Contains("CNTVOFF", StringComparison.Ordinal));
    }
}
