using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Mechanisms;
using XenSwitchSim.Simulator.Experiments;

namespace XenSwitchSim.Cli.Tests.Deadlines;

public class ParameterUncertaintyTests
{
    private static ModelDefinition WithFits(Func<MechanismSetting, FitInfo?> fit)
    {
        var m = EmbeddedModels.Load(null);
        var settings = m.Mechanisms.Settings.ToDictionary(kv => kv.Key, kv => kv.Value with { Fit = fit(kv.Value) });
        return m with { Mechanisms = new MechanismSet(m.Mechanisms.Catalog, settings) };
    }

    private static ResolvedScenario Scenario(ModelDefinition m) =>
        ResolvedScenario.From(m, m.DefaultParameters.With("dom0.cpu_load_procs", "4"));

    [Fact]
    public void A_model_without_uncertainty_gives_exactly_the_plain_runs()
    {
        var m = WithFits(_ => null);
        var pu = ParameterUncertainty.Of(m);
        Assert.Empty(pu.Mechanisms);
        var s = Scenario(m);
        var o = MetricChoice.SwitchTrue.Options();
        var plain = s.Run(40, 3, 1, options: o);
        var blocked = pu.Run(s, 40, 4, 3, 1, null, o);
        Assert.Equal(plain, blocked);
    }

    [Fact]
    public void Draws_are_deterministic_and_inside_the_bounds()
    {
        var pu = ParameterUncertainty.Of(EmbeddedModels.Load(null));
        Assert.NotEmpty(pu.Mechanisms);
        var basis = Scenario(EmbeddedModels.Load(null)).Platform;
        for (int b = 0; b < 5; b++)
        {
            var p1 = pu.Draw(basis, 9, b);
            var p2 = pu.Draw(basis, 9, b);
            Assert.Equal(p1, p2);
            foreach (var m in pu.Mechanisms)
            {
                var v = Simulator.Platform.PlatformBinding.Get(p1, m.Name);
                Assert.InRange(v, m.Lower, m.Upper);
            }
        }
    }

    /// <summary>
    /// A model that is unsure of xl's exec cost (sd 40% of the value) gives a wider miss-probability interval than the
    /// same runs without parameter uncertainty, and never a narrower one for any figure.
    /// </summary>
    [Fact]
    public void Parameter_uncertainty_widens_the_intervals()
    {
        var m = WithFits(s => s.Name == "xl_exec_cpu_us" ? new FitInfo(0.4 * s.Value, 0.2 * s.Value, 3 * s.Value, null) : null);
        var s = Scenario(m);
        var o = MetricChoice.SwitchTrue.Options();
        const int runs = 400, blocks = 10;
        var pu = ParameterUncertainty.Of(m);
        Assert.Single(pu.Mechanisms);
        var xU = MetricChoice.SwitchTrue.Times(pu.Run(s, runs, blocks, 1, 0, null, o), out _);
        var xP = MetricChoice.SwitchTrue.Times(s.Run(runs, 1, 0, options: o), out _);
        var d = SummaryStats.Compute(xP).P50Us;
        var q = TailQuery.ForDeadline(d);
        var plain = DeadlineAnalysis.Analyze(xP, q).Report.MissProb;
        var r = DeadlineAnalysis.Analyze(xU, q, ParameterUncertainty.BlockStarts(runs, blocks));
        var wide = r.Report.MissProb;
        Assert.True(wide.Upper - wide.Lower > plain.Upper - plain.Lower, $"with uncertainty {wide}, without {plain}");
        // and against the Monte Carlo interval of the same (blocked) runs: never narrower
        var mc = new TailAnalyzer(DeadlineAnalysis.Interleave(xU, ParameterUncertainty.BlockStarts(runs, blocks))).MissProbability(d);
        Assert.True(wide.Lower <= mc.Lower && wide.Upper >= mc.Upper);
        Assert.True(r.Uncertainty!.Spread.Single(x => x.Figure == "miss_prob").ParameterSd > 0);
    }

    [Fact]
    public void Fitted_only_draws_just_the_mechanisms_with_an_sd()
    {
        // Every other entry keeps only its range (no sd), whatever the shipped model's fits are.
        var m = WithFits(s => s.Name == "xl_exec_cpu_us" ? new FitInfo(500, 1000, 20000, null) : s.Fit is { } f ? f with { Sd = null } : null);
        Assert.Equal(["xl_exec_cpu_us"], ParameterUncertainty.Of(m, fittedOnly: true).Mechanisms.Select(x => x.Name));
        var all = ParameterUncertainty.Of(m);
        Assert.True(all.Counts.RangeOnly > 0);
        Assert.Equal(1, all.Counts.Fitted);
    }

    [Fact]
    public void Deadline_with_parameter_uncertainty_reports_what_it_drew()
    {
        var r = CliRunner.Run("deadline", "--runs", "200", "--blocks", "10", "--deadline", "30ms", "--with-parameter-uncertainty", "--json", "--quiet");
        Assert.True(r.Code == 0, r.Err);
        var pu = r.Json.GetProperty("parameter_uncertainty");
        Assert.Equal(10, pu.GetProperty("blocks").GetInt32());
        Assert.True(pu.GetProperty("mechanisms").GetArrayLength() > 0);
        ContractShapeTests.TailShape(r.Json, sized: false);
        Assert.Equal(2, CliRunner.Run("deadline", "--runs", "50", "--deadline", "30ms", "--with-parameter-uncertainty").Code);
    }
}
