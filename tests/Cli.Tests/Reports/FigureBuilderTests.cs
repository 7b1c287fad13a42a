using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Reports;
using XenSwitchSim.Cli.Reports.Figures;
using XenSwitchSim.Simulator.Measurement;

using Interaction = XenSwitchSim.Cli.Reports.Figures.Interaction;
using MainEffect = XenSwitchSim.Cli.Reports.Figures.MainEffect;

namespace XenSwitchSim.Cli.Tests.Reports;

/// <summary>The figure builders on synthetic data: the traces, axes and marks each promises.</summary>
public class FigureBuilderTests
{
    private static double[] LogNormal(int n, double medianUs, double sigma, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double u1 = 1 - r.NextDouble(), u2 = r.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return medianUs * Math.Exp(sigma * z);
        }).ToArray();
    }

    private static double[] Numbers(object? v) => ((System.Collections.IEnumerable)v!).Cast<object?>().Select(x => x is double d ? d : double.NaN).ToArray();

    [Fact]
    public void Figure3_draws_one_point_per_run_and_the_measured_box_and_mean_in_the_scenarios_colour()
    {
        var pause = LogNormal(200, 14000, 0.1, 1);
        var unpause = LogNormal(200, 16000, 0.1, 2);
        pause[7] = double.NaN; // a run whose pause did not complete is skipped
        var fig = Figure3.Build(
            [new PauseUnpauseRuns("baseline", pause, unpause)],
            [new MeasuredPauseUnpause("baseline", "study", new MeasuredRange(14777, 14170, 15726, 5), new MeasuredRange(16579, 15641, 18386, 5))
                { RunsUs = [(14170, 15641), (15726, 18386)] }]);
        var f = fig.Figure;
        var points = f.Traces[0];
        Assert.Equal(199, Numbers(points["x"]).Length);
        Assert.Equal(pause[0] / 1000, Numbers(points["x"])[0], 9);
        var box = f.Traces.Single(t => (string?)t.GetValueOrDefault("fill") == "toself");
        Assert.Equal([14.170, 15.726, 15.726, 14.170, 14.170], Numbers(box["x"]));
        Assert.Equal([15.641, 15.641, 18.386, 18.386, 15.641], Numbers(box["y"]));
        Assert.Contains(f.Traces, t => ((string)t["name"]!).Contains("measured runs", StringComparison.Ordinal));
        var mean = f.Traces.Single(t => ((string)t["name"]!).Contains("measured mean", StringComparison.Ordinal));
        Assert.Equal([14.777], Numbers(mean["x"]));
        // same scenario, same colour
        var colour = (string)((Dictionary<string, object?>)mean["marker"]!)["color"]!;
        Assert.Equal(Plot.Alpha(colour, 0.55), ((Dictionary<string, object?>)points["marker"]!)["color"]);
        Assert.All(f.Traces, t => Assert.Equal("baseline", t["legendgroup"]));
        Assert.False(((Dictionary<string, object?>)f.Layout["xaxis"]!).ContainsKey("type")); // narrow range: linear
    }

    [Fact]
    public void Figure3_thins_huge_runs_and_goes_logarithmic_for_heavy_tails()
    {
        var n = 12_000;
        var pause = LogNormal(n, 14000, 0.1, 3);
        pause[6] = 2_500_000; // a drawn run (every 3rd is kept)
        var fig = Figure3.Build([new PauseUnpauseRuns("s", pause, LogNormal(n, 16000, 0.1, 4))], []);
        Assert.True(Numbers(fig.Figure.Traces[0]["x"]).Length <= Figure3.MaxPointsPerScenario);
        Assert.Contains("every 3th", fig.Caption, StringComparison.Ordinal);
        Assert.Equal("log", ((Dictionary<string, object?>)fig.Figure.Layout["xaxis"]!)["type"]);
    }

    [Fact]
    public void Exceedance_curve_points_are_the_empirical_survival_function()
    {
        double[] sorted = [1, 2, 2, 3, 5];
        var pts = Exceedance.CurvePoints(sorted);
        Assert.Equal((1.0, 1.0, 5), pts[0]);
        Assert.Contains((1.0, 0.8, 4), pts);
        Assert.Contains((2.0, 0.4, 2), pts); // ties: the step is after the last copy
        Assert.DoesNotContain(pts, p => p.X == 2 && p.K == 3);
        Assert.Equal((5.0, 0.2, 1), pts[^1]); // the last step ends at the maximum, P never 0 on the log axis
        Assert.All(pts.Zip(pts.Skip(1)), w => Assert.True(w.Second.P <= w.First.P && w.Second.X >= w.First.X));

        var big = LogNormal(100_000, 20000, 0.3, 5).Order().ToArray();
        var many = Exceedance.CurvePoints(big);
        Assert.InRange(many.Count, 1000, 2 * Exceedance.TailPoints + 10);
        Assert.Equal(1.0 / big.Length, many[^1].P, 12);
    }

    [Fact]
    public void Exceedance_has_a_log_axis_a_clopper_pearson_band_the_deadline_and_the_tail_fit_apart_from_the_empirical_part()
    {
        var samples = LogNormal(2000, 20000, 0.35, 6);
        var tail = TailAnalysis.Analyze(samples, TailQuery.ForDeadline(40000));
        var fig = Exceedance.Build([new ExceedanceSeries("switch", samples) { Tail = tail }], deadlineUs: 40000);
        var f = fig.Figure;
        Assert.Equal("log", ((Dictionary<string, object?>)f.Layout["yaxis"]!)["type"]);
        var lower = f.Traces.Single(t => (string?)t.GetValueOrDefault("fill") == "tonexty");
        var upper = f.Traces[f.Traces.IndexOf(lower) - 1];
        var curve = f.Traces[f.Traces.IndexOf(lower) + 1];
        var (lo, hi, p) = (Numbers(lower["y"]), Numbers(upper["y"]), Numbers(curve["y"]));
        Assert.All(Enumerable.Range(0, p.Length), i => Assert.True(lo[i] <= p[i] && p[i] <= hi[i]));
        var k = 20; // a point of the curve: its band is Clopper-Pearson of k/n
        var i20 = Array.FindIndex(p, v => Math.Abs(v - k / 2000.0) < 1e-12);
        Assert.Equal(BinomialInterval.ClopperPearson(k, 2000).Upper, hi[i20], 12);
        var shapes = (List<object?>)f.Layout["shapes"]!;
        Assert.Contains(shapes.Cast<Dictionary<string, object?>>(), s => (double)s["x0"]! == 40.0);
        if (double.IsFinite(tail.Diagnostics.TailFit.ThresholdUs))
        {
            var gpd = f.Traces.Single(t => ((string)t["name"]!).Contains("GPD", StringComparison.Ordinal));
            Assert.Equal("dash", ((Dictionary<string, object?>)gpd["line"]!)["dash"]);
            Assert.False(((Dictionary<string, object?>)curve["line"]!).ContainsKey("dash")); // the empirical part is solid
            Assert.True(Numbers(gpd["x"]).Min() >= tail.Diagnostics.TailFit.ThresholdUs / 1000 - 1e-9);
        }
        Assert.Contains(f.Traces, t => ((string)t["name"]!).Contains("levels (extrapolated)", StringComparison.Ordinal));
        Assert.Contains(f.Traces, t => ((string)t["name"]!).Contains("miss probability", StringComparison.Ordinal));
        var noMiss = Exceedance.Build([new ExceedanceSeries("switch", samples) { Tail = tail, ShowMissProbability = false }]);
        Assert.DoesNotContain(noMiss.Figure.Traces, t => ((string)t["name"]!).Contains("miss probability", StringComparison.Ordinal));
    }

    [Fact]
    public void Phase_bars_stack_each_phase_of_each_operation_simulated_beside_measured()
    {
        var bars = new[]
        {
            new PhaseBar("baseline", "simulated", "pause", [("xl_to_domu_last_sample", 10000.0), ("domu_last_sample_to_xen", 2500.0), ("xen_to_vcpu_paused", 1500.0)]),
            new PhaseBar("baseline", "measured (study)", "pause", [("xl_to_domu_last_sample", 10709.0), ("domu_last_sample_to_xen", 2548.0), ("xen_to_vcpu_paused", 1520.0)]),
            new PhaseBar("baseline", "simulated", "unpause", [("xl_to_xen", 13000.0), ("xen_to_vcpu_running", 20.0), ("vcpu_running_to_domu_sample", 2000.0)]),
        };
        var f = PhaseBars.Build(bars).Figure;
        Assert.Equal("stack", f.Layout["barmode"]);
        Assert.Equal(6, f.TracesOfType("bar").Count());
        var xl = f.Traces.First(t => ((string)t["name"]!).StartsWith("pause: xl", StringComparison.Ordinal));
        Assert.Equal([10.0, 10.709], Numbers(xl["y"]));
        Assert.Equal("y2", f.Traces.First(t => ((string)t["name"]!).StartsWith("unpause", StringComparison.Ordinal))["yaxis"]);
        Assert.Contains("xaxis2", f.Layout.Keys);
    }

    [Fact]
    public void Timeline_turns_handovers_into_spans_clips_dom0_tasks_to_their_vcpu_and_keeps_marks_and_probes()
    {
        const long ms = 1_000_000;
        TimelineEvent[] events =
        [
            new(-5 * ms, "xen pcpu0", "switch idle -> d0v0", TimelineEventKind.Handover, "d0v0"),
            new(-2 * ms, "dom0 cpu0", "idle -> xl pause", TimelineEventKind.Handover, "xl pause"),
            new(1 * ms, "xen pcpu0", "switch d0v0 -> idle", TimelineEventKind.Handover, null),
            new(1 * ms, "xen pcpu0", "d0v0 running->blocked", TimelineEventKind.Runstate, null),
            new(3 * ms, "xen pcpu0", "switch idle -> d0v0", TimelineEventKind.Handover, "d0v0"),
            new(4 * ms, "domctl", "pause d1 enters Xen", TimelineEventKind.Domctl, null),
            new(5 * ms, "dom0 cpu0", "xl pause -> xenstored", TimelineEventKind.Handover, "xenstored"),
            new(0, "xen pcpu1", "switch idle -> d1v0", TimelineEventKind.Handover, "d1v0"),
            new(6 * ms, "xen pcpu1", "switch d1v0 -> idle", TimelineEventKind.Handover, null),
        ];
        var data = Timeline.FromRecorder("t", events, -1 * ms, 8 * ms, 0, [("dom0 stamp", 0), ("never", -1), ("end", 6 * ms)]);
        Assert.Equal(["domctl", "dom0 cpu0", "xen pcpu0", "xen pcpu1"], data.Lanes);
        var xl = data.Spans.Where(s => s.Holder == "xl pause").ToList();
        Assert.Equal([(-1000.0, 1000.0), (3000.0, 5000.0)], xl.Select(s => (s.StartUs, s.EndUs)));
        Assert.Contains(new TimelineSpan("dom0 cpu0", 5000, 8000, "xenstored"), data.Spans);
        Assert.Contains(new TimelineSpan("xen pcpu1", 0, 6000, "d1v0"), data.Spans);
        Assert.DoesNotContain(data.Spans, s => s.Lane == "xen pcpu1" && s.StartUs >= 6000); // idle is not drawn
        Assert.Contains(data.Marks, m => m.Kind == "domctl" && m.AtUs == 4000);
        Assert.Equal(["dom0 stamp", "end"], data.Probes.Select(p => p.Label));
        var fig = Timeline.Build(data, "timeline-test").Figure;
        var bars = fig.TracesOfType("bar").ToList();
        Assert.All(bars, b => Assert.Equal("h", b["orientation"]));
        var xlBar = bars.Single(b => (string)b["name"]! == "xl pause");
        Assert.Equal([-1.0, 3.0], Numbers(xlBar["base"]));
        Assert.Equal([2.0, 2.0], Numbers(xlBar["x"]));
    }

    [Fact]
    public void Calibration_puts_measured_and_simulated_of_every_row_side_by_side_with_error_bars()
    {
        var points = new[]
        {
            new CalibrationPoint("baseline", "old", "pause", 14777, 14300, 15250, 14000, 13000, 16000) { Agrees = true },
            new CalibrationPoint("dom0-cpu-load", "old", "pause", 65701, 54000, 77000, 30000, 28000, 33000) { Agrees = false },
            new CalibrationPoint("baseline", "old", "unpause", 16579, 15700, 17400, 16000, null, null),
            new CalibrationPoint("dom0-cpu-load", "old", "unpause", 61796, 58000, 65000, 60000, 50000, 70000) { Agrees = true },
        };
        var fig = CalibrationChart.Build(points);
        var f = fig.Figure;
        Assert.Equal(5, f.Traces.Count); // per operation: measured, simulated, and simulated-but-disagreeing where any
        var sim = f.Traces[1];
        var err = (Dictionary<string, object?>)sim["error_x"]!;
        Assert.Equal([2.0], Numbers(err["array"]));
        Assert.Equal([1.0], Numbers(err["arrayminus"]));
        var bad = f.Traces[2];
        Assert.Equal("simulated, does not agree", bad["name"]);
        Assert.Equal(["old · dom0-cpu-load ✗"], ((System.Collections.IEnumerable)bad["y"]!).Cast<string>());
        Assert.Equal([3.0], Numbers(((Dictionary<string, object?>)bad["error_x"]!)["array"]));
        // one row per configuration, whichever of its operations disagrees
        Assert.Equal(["old · baseline", "old · dom0-cpu-load ✗"], ((System.Collections.IEnumerable)((Dictionary<string, object?>)f.Layout["yaxis"]!)["categoryarray"]!).Cast<string>());
        Assert.Contains("(1)", fig.Caption, StringComparison.Ordinal);
        Assert.Equal("group", f.Layout["scattermode"]);
    }

    [Fact]
    public void Sweep_ranks_main_effects_and_maps_interactions_symmetrically()
    {
        var main = Sweep.MainEffects([new MainEffect("xl.nice", -2), new MainEffect("dom0.cpu_load_procs", 40, 35, 45), new MainEffect("domU.vcpus", 5)], "mean switch (ms)");
        var bar = main.Figure.Traces.Single();
        Assert.Equal(["dom0.cpu_load_procs", "domU.vcpus", "xl.nice"], ((System.Collections.IEnumerable)bar["y"]!).Cast<string>());
        Assert.Equal([5.0, double.NaN, double.NaN], Numbers(((Dictionary<string, object?>)bar["error_x"]!)["array"]));

        var inter = Sweep.Interactions([new Interaction("a", "b", 3), new Interaction("a", "c", -1)], "ms").Figure.Traces.Single();
        var z = (double[][])inter["z"]!;
        Assert.Equal(3, z[0][1]);
        Assert.Equal(3, z[1][0]);
        Assert.Equal(-1, z[2][0]);
        Assert.True(double.IsNaN(z[1][2]));
        Assert.Equal(0, inter["zmid"]);

        var cells = new double?[,] { { 1, 2 }, { null, 4 } };
        var map = Sweep.CellMap("xen.scheduler", ["credit2", "null"], "domU.vcpus", ["1", "4"], cells, "p99 (ms)").Figure;
        // non-finite values become null for the page: an infeasible cell is a gap
        var clean = (object?[])PlotlyFigure.Clean(map.Traces.Single()["z"])!;
        Assert.Null(((object?[])clean[1]!)[0]);
    }

    [Fact]
    public void Validation_qq_lies_on_the_diagonal_for_a_right_prediction_and_pit_fractions_sum_to_one()
    {
        var predicted = LogNormal(20000, 15000, 0.2, 7);
        var measured = LogNormal(50, 15000, 0.2, 8);
        var (x, y) = Validation.Points(new QqSeries("s", measured, predicted));
        Assert.Equal(50, x.Length);
        Assert.True(x.Zip(y).Average(p => Math.Abs(p.First - p.Second) / p.Second) < 0.08);
        var qq = Validation.Qq([new QqSeries("baseline pause", measured, predicted)]).Figure;
        Assert.Contains(qq.Traces, t => (string?)t["name"] == "measured = predicted");

        var pit = PredictiveCheck.PitHistogram(PredictiveCheck.Pit(measured, predicted));
        var fig = Validation.Pit([new PitSeries("baseline pause", pit)]).Figure;
        Assert.Equal(1.0, Numbers(fig.Traces.Single()["y"]).Sum(), 9);
        Assert.Equal(2, ((List<object?>)fig.Layout["shapes"]!).Count); // the band and the expectation line
        Assert.Equal(1, Validation.BinomialQuantile(0.1, 50, 0.025)); // P(X <= 0) = 0.005, P(X <= 1) = 0.034
        Assert.Equal(0, Validation.BinomialQuantile(0.1, 10, 0.3));
        Assert.Equal(10, Validation.BinomialQuantile(0.5, 10, 1.0));
    }
}
