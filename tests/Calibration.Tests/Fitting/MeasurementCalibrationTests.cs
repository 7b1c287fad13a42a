using System.Globalization;
using System.Text.RegularExpressions;
using XenSwitchSim.Calibration.Fitting;
using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Calibration.Tests.Measurements;
using XenSwitchSim.Calibration.Validation;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Experiments;

namespace XenSwitchSim.Calibration.Tests.Fitting;

/// <summary>
/// calibrate --measurements without hardware: sets emitted by a model whose xl exec cost is 1.5x the
/// template's, the template fitted to them, the fit checked against the truth and, with validate, on
/// a set kept out of the fit.
/// </summary>
public class MeasurementCalibrationTests
{
    private const int Runs = 60;

    /// <summary>The default model without its page-cache-miss outliers (a board like the testbed), so 60 runs say something about the mean.</summary>
    internal static string TemplateText => WithValue(TestModels.Pi414Text, "xl_major_fault_prob", 0);

    internal static string WithValue(string text, string mechanism, double value) =>
        Regex.Replace(text, $"^  {mechanism}: .*$", $"  {mechanism}: {value.ToString("R", CultureInfo.InvariantCulture)}", RegexOptions.Multiline);

    private static double ExecOf(ModelDefinition m) => m.Mechanisms.Value("xl_exec_cpu_us");

    private static MeasurementSet Emit(TempDir tmp, ModelDefinition model, string name, ulong seed, params string[] sets)
    {
        var assignments = sets.Select(s => SetArgument.Parse(s)).ToList();
        var s = ResolvedScenario.From(model, ScenarioResolver.Resolve(model, null, assignments).Parameters);
        var dir = tmp.Sub(name);
        SyntheticMeasurements.Write(dir, s, ProbeCapture.Run(s, Runs, seed, threads: 1), seed, "test");
        return MeasurementSetReader.Read(dir);
    }

    [Fact]
    public void A_fit_to_sets_of_a_perturbed_model_recovers_the_mechanism_and_then_validates_on_a_held_out_set()
    {
        using var tmp = new TempDir();
        var template = ModelFile.Parse(TemplateText, "template.yaml");
        var start = ExecOf(template);
        var truthValue = start * 1.5;
        var truth = ModelFile.Parse(WithValue(TemplateText, "xl_exec_cpu_us", truthValue), "truth.yaml");
        var sets = new[]
        {
            Emit(tmp, truth, "baseline", 11),
            Emit(tmp, truth, "xl-nice", 12, "xl.nice=-20"),
            Emit(tmp, truth, "two-domUs", 13, "xen.domUs=2"),
        };
        var heldOut = Emit(tmp, truth, "domU-vcpus-1", 14, "domU.vcpus=1");

        var c = MeasurementCalibration.Prepare(template, null, sets, ["xl_exec_cpu_us"]);
        Assert.Equal(3, c.Data.Rows.Count);
        Assert.All(c.Data.Rows, r => Assert.Equal(3, r.Ops.Count));
        var options = CalibrationOptions.ForBudget(0.1, seed: 5, crossValidate: false, threads: 0) with { Final = new Effort(400, 0, 0) };
        var result = c.Calibrator(options).Run();
        var p = Assert.Single(result.Parameters);
        var fitted = p.Value;
        // Within its own stated uncertainty and 5% of the truth (it started 33% below). The objective's
        // mean terms are scaled by the contract's 10% tolerance, so it resolves the cost to a few percent
        // (the reported sd), not to the ~1% that validate's tests resolve with 60 runs: see below.
        Assert.True(Math.Abs(fitted - truthValue) < Math.Max(2 * p.Sd, 0.01 * truthValue) && Math.Abs(fitted - truthValue) / truthValue < 0.05,
            $"fitted {fitted:F0} +- {p.Sd:F0} us, truth {truthValue:F0}, start {start:F0}");
        Assert.True(result.Final.Total < result.AtPriors.Total / 3, $"objective {result.AtPriors.Total:G4} -> {result.Final.Total:G4}");
        var judged = Agreement.JudgeAll(result.Final.Rows).ToList();
        Assert.Equal(9, judged.Count);
        Assert.All(judged, a => Assert.True(a.Verdict.Mean, $"{a.Row.Key} {a.Op.Name()}: {a.RelativeError:P1}"));

        var text = c.WriteModel(TemplateText, result, "my-board", "xenswitchsim calibrate (test)", "2026-11-26");
        var recalibrated = ModelFile.Parse(text, "my-board.yaml");
        Assert.Equal("my-board", recalibrated.Name);
        Assert.Equal(fitted, ExecOf(recalibrated), 0.01 * fitted);
        Assert.Contains("measurement sets baseline, xl-nice, two-domUs", text, StringComparison.Ordinal);
        // Everything not fitted is the template's, as written.
        Assert.Equal(template.Mechanisms.Value("xl_lookup_cpu_us"), recalibrated.Mechanisms.Value("xl_lookup_cpu_us"));
        Assert.Equal(0, recalibrated.Mechanisms.Value("xl_major_fault_prob"));
        Assert.Equal(template.Platform with { Schedulers = [] }, recalibrated.Platform with { Schedulers = [] });
        Assert.Equal(template.Platform.Schedulers, recalibrated.Platform.Schedulers);

        var options2 = new ValidateOptions { RunsFactor = 4, Seed = 1, Threads = 0 };
        var before = Validator.Run(template, [heldOut], options2);
        var after = Validator.Run(recalibrated, [heldOut], options2);
        Assert.False(before.Agrees, before.Verdict);
        // On the set kept out of the fit every total's predicted mean moves to within a few percent of
        // the measured one (from 12-15% below), and validate finds fewer disagreements. It still
        // finds some: with 60 runs its tests resolve ~1% shifts, finer than the fit (an open item).
        foreach (var metric in new[] { "pause", "unpause", "switch" })
        {
            var b = before.Scenarios[0].Metrics.Single(m => m.Metric == metric).Mean.RelativeError;
            var a = after.Scenarios[0].Metrics.Single(m => m.Metric == metric).Mean.RelativeError;
            Assert.True(Math.Abs(a) < 0.04 && Math.Abs(a) < Math.Abs(b) / 3, $"{metric}: {b:P1} -> {a:P1} (fitted {fitted:F0}, truth {truthValue:F0})");
        }

        Assert.True(after.Scenarios[0].Failures.Count < before.Scenarios[0].Failures.Count,
            $"before: {before.Verdict}\nafter: {after.Verdict}");

        var report = MeasurementCalibrationReport.Write(c, result, new MeasurementCalibrationReport.Context("cmd", "2026-11-26", "test"));
        Assert.Contains("| baseline | pause | 60 |", report, StringComparison.Ordinal);
        Assert.Contains("| xl_exec_cpu_us |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_free_set_is_what_the_sets_exercise()
    {
        using var tmp = new TempDir();
        var template = ModelFile.Parse(TemplateText, "template.yaml");
        var sets = new[] { Emit(tmp, template, "baseline", 1), Emit(tmp, template, "net", 2, "dom0.net_load_mbps=500") };
        var c = MeasurementCalibration.Prepare(template, null, sets);
        var free = c.Space.Free.Select(f => f.Mechanism).ToList();
        Assert.Contains("xl_exec_cpu_us", free);
        Assert.Contains("cpu_work_sd_rel", free);
        Assert.Contains("net_rx_softirq_core_per_gbps", free);
        Assert.DoesNotContain("loop_cpu_us", free);          // no file-backed disk in these sets
        Assert.DoesNotContain("xl_major_fault_prob", free);  // 0 in the template: log space cannot start there
        Assert.DoesNotContain("xen_domctl_base_us", free);   // no resident set
        // Starts at the template's values, every free parameter shared by the one environment.
        Assert.All(c.Space.Free, f => Assert.Equal(Scope.Shared, f.Scope));
        Assert.Equal(template.Mechanisms.Value("xl_exec_cpu_us"), c.Space.Free.Single(f => f.Mechanism == "xl_exec_cpu_us").Prior);
    }

    [Fact]
    public void A_set_from_another_board_is_an_error_at_its_meta_yaml_line()
    {
        using var tmp = new TempDir();
        var template = ModelFile.Parse(TemplateText, "template.yaml");
        var set = Emit(tmp, template, "other-board", 1);
        var meta = Path.Combine(set.Location!, "meta.yaml");
        var lines = File.ReadAllLines(meta);
        var line = Array.FindIndex(lines, l => l.StartsWith("pcpus:", StringComparison.Ordinal));
        lines[line] = "pcpus: 2";
        File.WriteAllLines(meta, lines);
        var e = Assert.Throws<InputError>(() => MeasurementCalibration.Prepare(template, null, [MeasurementSetReader.Read(set.Location!)]));
        Assert.Equal(meta, e.SourceName);
        Assert.Equal(line + 1, e.Line);
        Assert.Contains("2 pCPUs", e.Message, StringComparison.Ordinal);
        Assert.Contains("has 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_and_summary_sets_mix_and_the_study_old_tables_are_another_Xen()
    {
        using var tmp = new TempDir();
        var template = ModelFile.Parse(TemplateText, "template.yaml");
        var raw = Emit(tmp, template, "baseline", 1);
        var reference = ReferenceMeasurements.Load(TestModels.PathOf("ipsj-os151-2021-measurements.yaml"));
        var data = MeasurementTargets.Build([raw, .. StudyMeasurementSets.From(reference, "new")], template);
        Assert.Equal(2, data.Rows.Count);
        var rawPause = data.Rows[0].Target(Operation.Pause);
        var samples = OperationSamples.Finite(raw.Samples(MeasurementOp.Pause).TotalUs);
        var mean = samples.Average();
        var s2 = samples.Sum(x => (x - mean) * (x - mean)) / (samples.Length - 1);
        Assert.Equal(Runs, rawPause.N);
        Assert.Equal(s2, rawPause.SampleVarianceUs2!.Value, 1e-6 * s2);            // the runs' own n-1 variance
        Assert.Equal(Math.Sqrt(s2 / Runs), rawPause.StandardErrorUs, 1e-9 * s2);  // SE = s / sqrt(n)
        var study = data.Rows[1];
        Assert.Equal("study/new/comparison-baseline", study.Key);
        Assert.Equal(50, study.Target(Operation.Pause).N);
        Assert.Null(study.Target(Operation.Pause).SampleVarianceUs2);
        Assert.Null(study.Switch);

        var e = Assert.Throws<InputError>(() => MeasurementTargets.Build(StudyMeasurementSets.From(reference, "old"), template));
        Assert.Contains("Xen 4.13", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_mechanisms_are_checked()
    {
        using var tmp = new TempDir();
        var template = ModelFile.Parse(TemplateText, "template.yaml");
        var sets = new[] { Emit(tmp, template, "baseline", 1) };
        var unknown = Assert.Throws<InputError>(() => MeasurementCalibration.Prepare(template, null, sets, ["xl_exec_cpu"]));
        Assert.Contains("did you mean 'xl_exec_cpu_us'", unknown.Message, StringComparison.Ordinal);
        var zero = Assert.Throws<InputError>(() => MeasurementCalibration.Prepare(template, null, sets, ["xl_major_fault_prob"]));
        Assert.Contains("log space", zero.Message, StringComparison.Ordinal);
    }
}
