using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Calibration.Traces;
using XenSwitchSim.Calibration.Validation;
using XenSwitchSim.Models.Files;

namespace XenSwitchSim.Hardware.Tests;

/// <summary>
/// Loaded measurement sets from the testbed's full plan (testbed/run --full; Fixtures/testbed-full/PROVENANCE.md):
/// sets merged across the plan's interleaved blocks, with the loads they were recorded under, one of
/// the blocks' traces, and validate of the calibrated testbed model on a combination it was not fitted on.
/// </summary>
public class TestbedFullFixtureTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "testbed-full");

    private static Dictionary<string, MeasurementSet> Sets() =>
        MeasurementSets.Load(Path.Combine(Dir, "sets")).ToDictionary(s => s.Name);

    private static double MeanPauseMs(MeasurementSet s) => s.Samples(MeasurementOp.Pause).TotalUs.Average() / 1000;

    [Fact]
    public void The_sets_carry_their_loads_and_the_blocks_they_merge()
    {
        var sets = Sets();
        Assert.Equal(["base.pause", "hog+nice.pause", "hog.pause", "resident+hog.pause"], sets.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(0, sets["base.pause"].Meta.Parameters.Dom0CpuLoadProcs);
        Assert.Equal(2, sets["hog.pause"].Meta.Parameters.Dom0CpuLoadProcs);
        Assert.Equal(0, sets["hog.pause"].Meta.Parameters.XlNice);
        Assert.Equal(2, sets["hog+nice.pause"].Meta.Parameters.Dom0CpuLoadProcs);
        Assert.Equal(-20, sets["hog+nice.pause"].Meta.Parameters.XlNice);
        Assert.Equal(16, sets["base.pause"].Runs.Count);   // four baseline blocks of 4 runs
        Assert.Equal(8, sets["hog.pause"].Runs.Count);     // two blocks of 4
        Assert.Equal(8, sets["hog+nice.pause"].Runs.Count);
        Assert.Equal("resident", sets["resident+hog.pause"].Meta.Mechanism);
        Assert.Equal(2, sets["resident+hog.pause"].Meta.Parameters.Dom0CpuLoadProcs);
        foreach (var s in sets.Values)
        {
            Assert.Equal("credit2", s.Meta.Scheduler);
            Assert.Equal(1, s.Meta.Parameters.Dom0Vcpus);
            Assert.Equal("given", s.Meta.Alignment["dom0_offset_method"]);   // --dom0-offset-ticks 0: a PV dom0 reads Xen's TSC
            Assert.Contains("interleaved blocks", s.Meta.Notes);
            Assert.Equal(s.Runs.Count, s.Runs.Select(r => r.Run).Distinct().Count());   // renumbered across blocks
            Assert.All(s.Runs, r => Assert.True(r.VcpuOffline > r.XenOpStart && r.XenOpStart > r.Dom0Stamp));
        }
    }

    [Fact]
    public void Dom0_hogs_slow_xl_and_nice_minus_20_wins_part_of_it_back()
    {
        var sets = Sets();
        var base0 = MeanPauseMs(sets["base.pause"]);
        var hog = MeanPauseMs(sets["hog.pause"]);
        var hogNice = MeanPauseMs(sets["hog+nice.pause"]);
        Assert.True(hog > 1.5 * base0, $"hog {hog:F0} ms, baseline {base0:F0} ms");
        Assert.True(hogNice < hog, $"hog+nice {hogNice:F0} ms, hog {hog:F0} ms");
    }

    [Fact]
    public void A_loaded_blocks_trace_reads_and_holds_that_blocks_timed_pauses()
    {
        // block 1 of resident+hog: xc_domain_pause from hw record's own process while stress --cpu 2 runs in dom0
        var trace = XentraceReader.ReadFile(Path.Combine(Dir, "resident+hog.pause.b1", "raw", "xentrace.bin"));
        var probes = XenProbeExtractor.Extract(trace.Records, 1);
        Assert.Equal(4, probes.Pauses.Count());   // 4 timed pauses, 4 untimed unpauses of d1
        Assert.Equal(4, probes.Unpauses.Count());
        var starts = probes.Pauses.Select(p => p.XenOpStartCycles).ToHashSet();
        var block = MeasurementSets.Load(Path.Combine(Dir, "resident+hog.pause.b1")).Single();
        Assert.All(block.Runs, r => Assert.Contains(r.XenOpStart!.Value, starts));
        // the merged set holds block 1's runs first, then block 2's
        var merged = Sets()["resident+hog.pause"];
        Assert.Equal(block.Runs.Select(r => r.XenOpStart), merged.Runs.Take(4).Select(r => r.XenOpStart));
        Assert.Equal(4, merged.Runs.Count(r => starts.Contains(r.XenOpStart!.Value)));
    }

    [Fact]
    public void Validate_runs_the_calibrated_testbed_model_on_a_held_out_combination()
    {
        var model = ModelFile.Load(RepoFiles.Path("models", "qemu-x86-xen4.17.yaml"));
        var set = Sets()["hog+nice.pause"];
        var report = Validator.Run(model, [set], new ValidateOptions { RunsFactor = 10, Seed = 8, Threads = 1 });
        var scenario = Assert.Single(report.Scenarios);
        Assert.Empty(scenario.Infeasible);
        var pause = Assert.Single(scenario.Metrics, m => m.Metric == "pause");
        Assert.Equal(8, pause.Measured.N);
        // the fitted model's prediction for this unseen combination lies within a factor 2 of the measured mean
        // (docs/validation-testbed.md gives the figures; the model's dom0 CFS, nice weights and hogs make it)
        Assert.InRange(pause.Predicted.MeanUs / pause.Measured.MeanUs, 0.5, 2.0);
    }
}
