using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Platform.Toolstack;

namespace XenSwitchSim.Cli.Tests.Deadlines;

public class ImportanceSamplingTests
{
    private static ResolvedScenario Loaded()
    {
        var m = EmbeddedModels.Load(null);
        return ResolvedScenario.From(m, m.DefaultParameters.With("dom0.cpu_load_procs", "4"));
    }

    /// <summary>
    /// Where brute force can see the storage tail (P(switch &gt; 300 ms) ~ 3e-3 under dom0 CPU load), the
    /// importance-sampled estimate agrees with it (the intervals overlap), its weights average 1, and its interval
    /// is narrower for the same number of runs.
    /// </summary>
    [Fact]
    public void Importance_sampling_agrees_with_brute_force_where_both_run()
    {
        var s = Loaded();
        const int runs = 3000;
        const double d = 300_000;
        var o = MetricChoice.SwitchTrue.Options();
        var plain = MetricChoice.SwitchTrue.Times(s.Run(runs, 21, 0, options: o), out _);
        var bf = new TailAnalyzer(plain).MissProbability(d);
        var (t, w) = ImportanceSampling.Run(s, runs, 22, StorageTilt.Default, 0, null, o);
        var wt = new WeightedTail(MetricChoice.SwitchTrue.Times(t, out _), w);
        var isEst = wt.MissProbability(d);
        Assert.True(isEst.Lower <= bf.Upper && bf.Lower <= isEst.Upper, $"IS {isEst} vs brute force {bf}");
        var mw = wt.Summary(d, "default").MeanWeight;
        Assert.True(Math.Abs(mw.Estimate - 1) < 4 * (mw.Upper - mw.Lower) / 2 / 1.96, $"{mw}");
        Assert.True(isEst.Upper - isEst.Lower < bf.Upper - bf.Lower, $"IS {isEst} vs brute force {bf}");
    }

    [Fact]
    public void Without_a_tilt_the_runs_are_the_plain_runs_with_unit_weights()
    {
        var s = Loaded();
        var o = MetricChoice.SwitchTrue.Options();
        var plain = s.Run(30, 4, 1, options: o);
        var (t, w) = ImportanceSampling.Run(s, 30, 4, new StorageTilt(null, null, 0), 1, null, o);
        Assert.Equal(plain, t);
        Assert.All(w, x => Assert.Equal(1.0, x));
    }

    /// <summary>Importance sampling with parameter uncertainty: each interval contains the weighted Monte Carlo interval of the same runs.</summary>
    [Fact]
    public void Importance_sampling_with_parameter_uncertainty_never_narrows()
    {
        var m = EmbeddedModels.Load(null);
        var settings = m.Mechanisms.Settings.ToDictionary(kv => kv.Key, kv => kv.Value with
        {
            Fit = kv.Key == "xl_exec_cpu_us" ? new Models.Mechanisms.FitInfo(0.4 * kv.Value.Value, 0.2 * kv.Value.Value, 3 * kv.Value.Value, null) : null,
        });
        m = m with { Mechanisms = new Models.Mechanisms.MechanismSet(m.Mechanisms.Catalog, settings) };
        var s = ResolvedScenario.From(m, m.DefaultParameters.With("dom0.cpu_load_procs", "4"));
        const int runs = 400, blocks = 10;
        var pu = ParameterUncertainty.Of(m);
        var (t, w) = ImportanceSampling.Run(s, pu.PlatformOf(s.Platform, runs, blocks, 3), runs, 3, StorageTilt.Default, 0, null, MetricChoice.SwitchTrue.Options());
        var x = MetricChoice.SwitchTrue.Times(t, out _);
        var d = SummaryStats.Compute(x).P50Us;
        var plain = new WeightedTail(x, w).MissProbability(d);
        var r = DeadlineAnalysis.AnalyzeWeighted(x, w, new TailQuery(d, 1e-2), "default", ParameterUncertainty.BlockStarts(runs, blocks));
        Assert.Equal(plain.Estimate, r.Report.MissProb.Estimate);
        Assert.True(r.Report.MissProb.Lower <= plain.Lower && r.Report.MissProb.Upper >= plain.Upper);
        Assert.True(r.Report.MissProb.Upper - r.Report.MissProb.Lower > plain.Upper - plain.Lower, $"{r.Report.MissProb} vs {plain}");
    }

    [Fact]
    public void Deadline_importance_sampling_json_keeps_the_contract_shape()
    {
        var r = CliRunner.Run("deadline", "--runs", "300", "--deadline", "200ms", "--set", "dom0.cpu_load_procs=4", "--importance-sampling", "--json", "--quiet");
        Assert.True(r.Code == 0, r.Err);
        ContractShapeTests.TailShape(r.Json, sized: false);
        Assert.Equal("importance-sampling", r.Json.GetProperty("miss_prob").GetProperty("method").GetString());
        CliRunner.HasKeys(r.Json.GetProperty("importance_sampling"), "tilt", "mean_weight", "effective_sample_size", "hits");
        Assert.Equal(2, CliRunner.Run("deadline", "--runs", "300", "--deadline", "200ms", "--is-tilt", "fault=1.5").Code);
        var both = CliRunner.Run("deadline", "--runs", "200", "--blocks", "10", "--deadline", "200ms", "--importance-sampling", "--with-parameter-uncertainty", "--json", "--quiet");
        Assert.True(both.Code == 0, both.Err);
        ContractShapeTests.TailShape(both.Json, sized: false);
        CliRunner.HasKeys(both.Json, "importance_sampling", "parameter_uncertainty");
    }
}
