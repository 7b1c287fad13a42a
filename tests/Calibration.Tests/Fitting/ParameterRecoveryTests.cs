using XenSwitchSim.Calibration.Fitting;
using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Calibration.Tests.Fitting;

public class ParameterRecoveryTests
{
    /// <summary>The study's summary of n runs: population variance, and min/max at their expected quantiles 1/(n+1), n/(n+1).</summary>
    private static OpTarget Summary(SimulatedOp s, int n) => new(
        s.Op, s.Mean, s.SampleVariance * (n - 1) / n, s.Quantile(1.0 / (n + 1)), s.Quantile(n / (n + 1.0)), n, s.PhasesUs, null, false);

    /// <summary>
    /// Simulate three rows (old baseline, old dom0 CPU load, new comparison baseline) with known
    /// costs, summarise them as the study would (many runs, so the summary is nearly exact), and
    /// calibrate three free parameters from their priors with a small budget. Stated tolerances:
    /// see the assertions.
    /// </summary>
    [Fact]
    public void A_small_calibration_recovers_known_costs_from_a_synthetic_summary()
    {
        var priors = ModelFile.Load(RepoFiles.Path("models", "priors.yaml"));
        var oldModel = ModelFile.Load(RepoFiles.Path("models", "pi4-xen4.13.yaml"));
        var newModel = ModelFile.Load(RepoFiles.Path("models", "pi4-xen4.14.yaml"));
        var free = new (string, Scope, string)[]
        {
            ("xl_exec_cpu_us", Scope.Old, "test"),
            ("cpu_work_scale", Scope.New, "test"),
            ("cpu_work_sd_rel", Scope.Shared, "test"),
        };
        var space = new ParameterSpace(priors, oldModel, newModel, free);
        double[] truth = [Math.Log(8000), Math.Log(0.8), Math.Log(0.12)];

        var baseOld = CalibrationData.WithModelDefaults(ScenarioParameters.Defaults, oldModel, []);
        var comparison = CalibrationData.WithModelDefaults(
            ScenarioParameters.Defaults with { DomUVcpus = 1, DomUStorage = DomUStorage.File, XenScheduler = XenScheduler.Null }, newModel, []);
        var shells = new List<RowTarget>
        {
            Shell(Env.Old, "baseline", baseOld),
            Shell(Env.Old, "dom0-cpu-load", baseOld with { Dom0CpuLoadProcs = 4 }),
            Shell(Env.New, "comparison-baseline", comparison),
        };
        var reference = ReferenceMeasurements.Load(RepoFiles.Path("models", "reference", "ipsj-os151-2021-measurements.yaml"));
        var generator = new Evaluator(space, new CalibrationData(shells, [], [], new Dictionary<string, ScenarioParameters>(), reference), seed: 99);
        var sims = generator.SimulateRows(truth, shells, 300);
        var rows = sims.Select(s => s.Row with { Pause = Summary(s.Pause, 50), Unpause = Summary(s.Unpause, 50) }).ToList();
        var data = new CalibrationData(rows, [], [], new Dictionary<string, ScenarioParameters>(), reference);

        var options = CalibrationOptions.Quick(seed: 5, crossValidate: false, threads: 0) with
        {
            GlobalPoints = 16, LocalEvaluations = 150, PolishEvaluations = 40, Search = new Effort(60, 0, 1000), Global = new Effort(30, 0, 1000),
            Curvature = new Effort(40, 0, 1000), Final = new Effort(60, 0, 1000),
        };
        var result = new Calibrator(space, data, options).Run();
        var fitted = result.Parameters.ToDictionary(p => p.Free.Label, p => p.Value);
        var all = string.Join(", ", fitted.Select(kv => $"{kv.Key}={kv.Value:G4}")) + $"; objective {result.Final.Total:G4} (priors {result.AtPriors.Total:G4})";
        // Stated tolerances. The two costs within 12% (exec) and 15% (scale): 7.7 ms / 0.71 against
        // 8 ms / 0.8 when measured on 2026-11-26. Before the evaluator's means used the storage control
        // variate they settled at 6.7 ms / 0.57: at the truth, the search's 60-run pause means (seed 5) were
        // 20.5 / 15.9 ms against 16.9 / 12.2 ms over 2,000 runs, because a few page-cache misses or an SD
        // stall dominate a 60-run mean and common random numbers made the search fit that realisation;
        // with the control variate they are 16.9 / 12.2 ms. The spread parameter is weakly identified
        // (variance terms weigh little and the storage tail dominates a variance): within a factor of 2.
        Assert.True(result.Final.Total < result.AtPriors.Total / 2, all);
        Assert.True(fitted["xl_exec_cpu_us[old]"] is > 8000 * 0.88 and < 8000 * 1.12, all);
        Assert.True(fitted["cpu_work_scale[new]"] is > 0.8 * 0.85 and < 0.8 * 1.15, all);
        Assert.True(fitted["cpu_work_sd_rel"] is > 0.12 / 2 and < 0.12 * 2, all);
    }

    private static RowTarget Shell(Env env, string id, ScenarioParameters p)
    {
        var empty = new OpTarget(Operation.Pause, 1, null, null, null, 50, new Dictionary<string, double>(), null, false);
        return new RowTarget(env, id, p, empty, empty with { Op = Operation.Unpause }, null);
    }
}
