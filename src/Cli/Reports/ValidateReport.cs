using System.Globalization;
using XenSwitchSim.Calibration.Validation;
using XenSwitchSim.Cli.Reports.Figures;

namespace XenSwitchSim.Cli.Reports;

/// <summary>
/// validate's report: the verdicts as a table; per scenario with raw runs a quantile-quantile plot and PIT histograms of
/// the totals (predicted against measured); measured against predicted means of every scenario's totals with their
/// intervals; and the phase means, simulated beside measured, of every scenario.
/// </summary>
public static class ValidateReport
{
    public static ReportDocument Build(ValidationReport r, string modelSource, IReadOnlyList<string> measurements, string? commandLine)
    {
        var ci = CultureInfo.InvariantCulture;
        var header = new ReportHeader
        {
            Command = "validate",
            Model = $"{r.Model} ({modelSource})",
            ModelSha256 = r.ModelSha256,
            Seed = r.Options.Seed,
            Extra =
            [
                new("measurements", string.Join(" ", measurements)),
                new("predicted runs", $"measured runs x {r.Options.RunsFactor.ToString(ci)} (summary tables: at least {r.Options.MinPredictedRunsForSummaries.ToString(ci)})"),
                new("alpha", $"{r.Options.Alpha.ToString(ci)} family-wise (Bonferroni over scenarios, metrics and tests)"),
                new("verdict", r.Agrees ? r.Verdict
                    : $"disagrees: {r.Scenarios.Count(s => s.Failures.Count > 0)} of {r.Scenarios.Count} scenarios (the table below names the tests)"),
            ],
            CommandLine = commandLine,
        };
        var doc = new ReportDocument($"xenswitchsim validate: {r.Model} against {r.Scenarios.Count} measured scenario{(r.Scenarios.Count == 1 ? "" : "s")}", header);
        doc.Notes.Add("Each scenario runs with its own parameters (in the JSON output and the table below), over the model's defaults; the prediction goes through the same probes and tick arithmetic as the measurements.");
        foreach (var s in r.Scenarios)
            foreach (var w in s.Warnings) doc.Notes.Add($"{s.Name}: {w}");

        doc.Add(new ReportTable("Scenarios and verdicts", ["scenario", "kind", "measured runs", "predicted runs", "verdict"],
            r.Scenarios.Select(s => (IReadOnlyList<string>)[s.Name, s.Kind, s.NMeasured.ToString(ci), s.NPredicted.ToString(ci), s.Verdict]).ToList()));

        var means = MeanPoints(r);
        if (means.Count > 0)
        {
            doc.Add(CalibrationChart.Build(means, "validate-means", "mean with its 95% CI (raw runs) or ± max(10%, 2 SE) (tables)", "mean with its 95% CI",
                caption: "Every scenario's totals: black diamonds, the measured mean (runs: with its 95% confidence interval; the study's tables: with the section 5 band max(10%, 2 SE) " +
                    "the prediction must fall in); blue, the predicted mean with its 95% interval; an orange × is a metric whose tests reject (the verdict column).",
                title: "validate: measured against predicted means, every scenario"));
        }

        var k = 0;
        foreach (var s in r.Scenarios.Where(s => s.Metrics.Count > 0))
        {
            k++;
            var totals = s.Metrics.Where(m => !m.Metric.Contains('.', StringComparison.Ordinal) && m.MeasuredUs.Count > 0).ToList();
            if (totals.Count == 0) continue;
            doc.Add(Validation.Qq(totals.Select(m => new QqSeries(m.Metric, m.MeasuredUs, m.PredictedUs)).ToList(), $"validate-qq-{k}",
                caption: $"{s.Name}: each measured run of each total against the predicted quantile at its rank (predicted: {s.NPredicted} simulated runs); " +
                    $"on the dashed line when the prediction is right, above it when the measured runs are slower. Verdict: {s.Verdict}."));
            doc.Add(Validation.Pit(totals.Select(m => new PitSeries(m.Metric, m.Pit)).ToList(), $"validate-pit-{k}",
                caption: $"{s.Name}: where each measured run falls in the predicted distribution (PIT). Flat at the dashed line when the prediction is right; " +
                    "a U shape: the prediction is too narrow; a hump: too wide; a slope: biased."));
        }

        var bars = PhaseBarsOf(r);
        if (bars.Count > 0)
        {
            doc.Add(PhaseBars.Build(bars, "validate-phases",
                "Stacked phase means of each scenario, simulated (the prediction) beside measured. Blue: xl in dom0; orange: the domU's sampler; green: Xen's own work on the vCPU; " +
                "other colours: phases of the switch (active domU's pause, then the standby's unpause)."));
        }
        return doc;
    }

    /// <summary>The totals' means: measured with its interval, predicted with its 95% CI; disagreeing where a test rejected.</summary>
    private static List<CalibrationPoint> MeanPoints(ValidationReport r)
    {
        var points = new List<CalibrationPoint>();
        foreach (var s in r.Scenarios)
        {
            var (env, row) = Split(s.Name);
            foreach (var m in s.Metrics.Where(m => !m.Metric.Contains('.', StringComparison.Ordinal)))
            {
                points.Add(new CalibrationPoint(row, env, m.Metric, m.Mean.Measured.Value, Finite(m.Mean.Measured.Lower), Finite(m.Mean.Measured.Upper),
                    m.Mean.Predicted.Value, Finite(m.Mean.Predicted.Lower), Finite(m.Mean.Predicted.Upper)) { Agrees = m.Failures.Count == 0 });
            }
            foreach (var m in s.SummaryMetrics.Where(m => m.Predicted is not null))
            {
                var p = m.Predicted!;
                points.Add(new CalibrationPoint(row, env, m.Metric, m.Measured.MeanUs, m.MeanRule?.Lower, m.MeanRule?.Upper,
                    p.MeanUs, p.MeanCi95Us.Lower, p.MeanCi95Us.Upper) { Agrees = m.Failures.Count == 0 });
            }
        }
        return points;
    }

    private static List<PhaseBar> PhaseBarsOf(ValidationReport r)
    {
        var bars = new List<PhaseBar>();
        foreach (var s in r.Scenarios)
        {
            var measured = new Dictionary<string, List<(string, double)>>();
            var predicted = new Dictionary<string, List<(string, double)>>();
            foreach (var m in s.Metrics.Where(m => m.Metric.Contains('.', StringComparison.Ordinal)))
            {
                var op = m.Metric[..m.Metric.IndexOf('.', StringComparison.Ordinal)];
                var phase = m.Metric[(op.Length + 1)..];
                Add(measured, op, phase, m.Measured.MeanUs);
                Add(predicted, op, phase, m.Predicted.MeanUs);
            }
            foreach (var m in s.SummaryMetrics)
            {
                foreach (var (phase, (meas, pred)) in m.PhaseMeansUs)
                {
                    Add(measured, m.Metric, phase, meas);
                    Add(predicted, m.Metric, phase, pred);
                }
            }
            foreach (var op in measured.Keys)
            {
                if (predicted[op].Any(p => !double.IsFinite(p.Item2)) || measured[op].Any(p => !double.IsFinite(p.Item2))) continue;
                bars.Add(new PhaseBar(s.Name, "simulated", op, predicted[op]));
                bars.Add(new PhaseBar(s.Name, "measured", op, measured[op]));
            }
        }
        return bars;
    }

    private static void Add(Dictionary<string, List<(string, double)>> d, string op, string phase, double us)
    {
        if (!d.TryGetValue(op, out var list)) d[op] = list = [];
        list.Add((phase, us));
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    /// <summary>"study/old/baseline" -> ("study/old", "baseline"); a plain name -> ("set", name).</summary>
    private static (string Env, string Row) Split(string name)
    {
        var i = name.LastIndexOf('/');
        return i > 0 ? (name[..i], name[(i + 1)..]) : ("set", name);
    }
}
