using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Calibration.Validation;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Cli.Output;

namespace XenSwitchSim.Cli.Commands;

/// <summary>
/// <c>validate [--model F] --measurements DIR...</c>: simulates each measured scenario with its
/// parameters and compares (contracts.md section 3). Exit 0 whatever the verdict (the verdict is
/// the output); 2 for unreadable sets or options.
/// </summary>
public static class ValidateCommand
{
    public const string StudyResource = "models/reference/ipsj-os151-2021-measurements.yaml";

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = $"Model file, or the name of an embedded model (default: {EmbeddedModels.DefaultName})." };
        var measurements = new Option<string[]>("--measurements")
        {
            Description = "Measurement set directories (or a folder of them), a reference YAML of summary tables, or study[:old|:new] (the study's tables, embedded).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var factor = new Option<int>("--runs-factor") { Description = "Predicted replications = measured runs x K (default 10; summary-only sets get at least 2000).", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed of the prediction (its streams never coincide with a set emitted by simulate --seed S).", DefaultValueFactory = _ => 1 };
        var alpha = new Option<double>("--alpha") { Description = "Family-wise error level over all scenarios and tests (Bonferroni), default 0.05.", DefaultValueFactory = _ => 0.05 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores); results do not depend on it.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object and nothing else on stdout." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress or decoration." };
        factor.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--runs-factor must be at least 1"); });
        alpha.Validators.Add(r => { var a = r.GetValueOrDefault<double>(); if (!(a > 0 && a < 1)) r.AddError("--alpha must be in (0, 1)"); });
        threads.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--threads must be 0 (all cores) or more"); });

        var cmd = new Command("validate", "Check a model's predictions against measurement sets (recorded with hw record, emitted with simulate, or the study's tables).")
        {
            model, measurements, factor, seed, alpha, threads, json, quiet,
        };
        var reports = new ReportOptions();
        reports.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var m = EmbeddedModels.Load(pr.GetValue(model));
            var sets = MeasurementSets.Load(pr.GetValue(measurements)!, () => EmbeddedModels.Open(StudyResource));
            var options = new ValidateOptions
            {
                RunsFactor = pr.GetValue(factor),
                Seed = pr.GetValue(seed),
                Alpha = pr.GetValue(alpha),
                Threads = pr.GetValue(threads),
            };
            var asJson = pr.GetValue(json);
            var request = reports.Prepare(pr);
            var report = ProgressReporter.Run("scenarios", sets.Count, pr.GetValue(quiet) || asJson,
                progress => Validator.Run(m, sets, options, progress));
            var o = CommandIo.Out(pr);
            if (asJson) JsonOutput.Write(o, w => WriteJson(w, report));
            else WriteText(o, report);
            if (request.Wanted)
                request.Write(Reports.ValidateReport.Build(report, m.SourceName, pr.GetValue(measurements)!, request.CommandLine), pr.GetValue(quiet) ? null : CommandIo.Err(pr));
            return ExitCodes.Success;
        });
        return cmd;
    }

    public static void WriteJson(Utf8JsonWriter w, ValidationReport r)
    {
        w.WriteStartObject();
        w.WriteString("model", r.Model);
        w.WriteString("model_sha256", r.ModelSha256);
        w.WriteNumber("seed", r.Options.Seed);
        w.WriteNumber("runs_factor", r.Options.RunsFactor);
        w.WriteNumber("alpha", r.Options.Alpha);
        w.WriteStartArray("scenarios");
        foreach (var s in r.Scenarios) WriteScenario(w, s);
        w.WriteEndArray();
        w.WriteString("verdict", r.Verdict);
        w.WriteEndObject();
    }

    private static void WriteScenario(Utf8JsonWriter w, ScenarioValidation s)
    {
        w.WriteStartObject();
        w.WriteString("name", s.Name);
        w.WriteNumber("n_measured", s.NMeasured);
        w.WriteStartObject("metrics");
        foreach (var m in s.Metrics) WriteMetric(w, m);
        foreach (var m in s.SummaryMetrics) WriteSummaryMetric(w, m);
        foreach (var (op, why) in s.Infeasible)
        {
            w.WriteStartObject(op);
            w.WriteString("infeasible", why);
            w.WriteString("verdict", $"disagrees: infeasible, {op}");
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteString("verdict", s.Verdict);
        // Additions beyond the contract.
        w.WriteString("kind", s.Kind);
        if (s.Location is not null) w.WriteString("location", s.Location);
        w.WriteNumber("n_predicted", s.NPredicted);
        w.WriteStartObject("parameters");
        foreach (var (k, v) in s.Parameters) w.WriteString(k, v);
        w.WriteEndObject();
        WriteFailures(w, s.Failures);
        w.WriteStartArray("warnings");
        foreach (var x in s.Warnings) w.WriteStringValue(x);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteMetric(Utf8JsonWriter w, MetricComparison m)
    {
        w.WriteStartObject(m.Metric);
        w.WritePropertyName("measured");
        StatisticsJson.Write(w, m.Measured);
        w.WritePropertyName("predicted");
        StatisticsJson.Write(w, m.Predicted);
        w.WritePropertyName("ks");
        StatisticsJson.Write(w, m.Ks);
        w.WritePropertyName("ad");
        StatisticsJson.Write(w, m.Ad);
        w.WritePropertyName("exceed_p99");
        StatisticsJson.Write(w, m.ExceedP99);
        w.WriteStartArray("pit");
        foreach (var c in m.Pit) w.WriteNumberValue(c);
        w.WriteEndArray();
        w.WriteString("verdict", m.Verdict);
        // Additions: the location comparisons with their intervals, the sign test, the level each test was held to.
        WriteLocation(w, "mean", m.Mean);
        WriteLocation(w, "p50", m.P50);
        WriteLocation(w, "p99", m.P99);
        w.WritePropertyName("below_p50");
        StatisticsJson.Write(w, m.BelowP50);
        w.Number("threshold", m.Threshold, 8);
        w.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter w, string name, LocationComparison c)
    {
        w.WriteStartObject(name);
        WriteEstimate(w, "measured", c.Measured);
        WriteEstimate(w, "predicted", c.Predicted);
        w.Number("relative_error", c.RelativeError);
        if (c.Difference is { } d) WriteEstimate(w, "difference", d);
        if (c.Test is not null) w.WriteString("test", c.Test);
        if (c.P is { } p) w.Number("p", p, 12);
        w.WriteEndObject();
    }

    private static void WriteEstimate(Utf8JsonWriter w, string name, Estimate e)
    {
        w.WriteStartObject(name);
        w.Number("value_us", e.Value, 3);
        w.WriteStartArray("ci95_us");
        Value(w, e.Lower);
        Value(w, e.Upper);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter w, double x)
    {
        if (double.IsFinite(x)) w.WriteNumberValue(Math.Round(x, 3));
        else w.WriteNullValue();
    }

    private static void WriteSummaryMetric(Utf8JsonWriter w, SummaryMetricComparison m)
    {
        w.WriteStartObject(m.Metric);
        w.WriteStartObject("measured");
        w.WriteNumber("n", m.Measured.N);
        w.Number("mean_us", m.Measured.MeanUs, 3);
        if (m.Measured.SampleVarianceUs2 is { } v) w.Number("variance_us2", v, 3);
        if (m.Measured.MinUs is { } min) w.Number("min_us", min, 3);
        if (m.Measured.MaxUs is { } max) w.Number("max_us", max, 3);
        w.WriteString("source", "summary table");
        w.WriteEndObject();
        w.WritePropertyName("predicted");
        if (m.Predicted is null) w.WriteNullValue();
        else StatisticsJson.Write(w, m.Predicted);
        w.WriteString("verdict", m.Verdict);
        w.Number("relative_error", m.RelativeError);
        WriteRule(w, "mean_rule", m.MeanRule);
        WriteRule(w, "spread_rule", m.SpreadRule);
        WriteRule(w, "range_rule", m.RangeRule);
        w.WriteStartObject("phases_mean_us");
        foreach (var (phase, (meas, pred)) in m.PhaseMeansUs)
        {
            w.WriteStartObject(phase);
            w.Number("measured", meas, 3);
            w.Number("predicted", pred, 3);
            w.Number("relative_error", meas == 0 ? double.NaN : (pred - meas) / Math.Abs(meas));
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter w, string name, RuleResult? r)
    {
        if (r is null) return;
        w.WriteStartObject(name);
        w.WriteBoolean("pass", r.Pass);
        w.Number("value", r.Value, 3);
        w.WriteStartArray("bounds");
        Value(w, r.Lower);
        Value(w, r.Upper);
        w.WriteEndArray();
        w.WriteString("rule", r.Note);
        w.WriteEndObject();
    }

    private static void WriteFailures(Utf8JsonWriter w, IReadOnlyList<Failure> failures)
    {
        w.WriteStartArray("failures");
        foreach (var f in failures)
        {
            w.WriteStartObject();
            w.WriteString("test", f.Test);
            w.WriteString("metric", f.Metric);
            if (f.Threshold > 0)
            {
                w.Number("p", f.P, 12);
                w.Number("threshold", f.Threshold, 8);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteText(TextWriter o, ValidationReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine($"model {r.Model} (sha256 {r.ModelSha256[..12]}...)  seed {r.Options.Seed}  runs x{r.Options.RunsFactor}  alpha {r.Options.Alpha} (family-wise)");
        foreach (var s in r.Scenarios)
        {
            o.WriteLine();
            o.WriteLine($"== {s.Name}  ({s.Kind}, {s.NMeasured} measured, {s.NPredicted} predicted): {s.Verdict}");
            foreach (var w in s.Warnings) o.WriteLine($"   warning: {w}");
            foreach (var (op, why) in s.Infeasible) o.WriteLine($"   {op}: infeasible on the model: {why}");
            if (s.Metrics.Count > 0)
            {
                o.WriteLine($"   {"metric",-40} {"mean meas",10} {"pred",10} {"err",7} {"p50 meas",10} {"pred",10} {"p99 meas",10} {"pred",10}  {"KS p",8} {"AD p",7} {">p99",5}  verdict");
                foreach (var m in s.Metrics)
                {
                    o.WriteLine(string.Create(inv,
                        $"   {m.Metric,-40} {m.Measured.MeanUs / 1000,10:F3} {m.Predicted.MeanUs / 1000,10:F3} {m.Mean.RelativeError * 100,6:F1}% {m.Measured.P50Us / 1000,10:F3} {m.Predicted.P50Us / 1000,10:F3} {m.Measured.P99Us / 1000,10:F3} {m.Predicted.P99Us / 1000,10:F3}  {m.Ks!.P,8:G2} {m.Ad!.P,7:G2} {m.ExceedP99!.Observed,5}  {m.Verdict}"));
                }

                o.WriteLine("   (times in ms; err = predicted mean vs measured; >p99 = measured runs beyond the predicted p99)");
            }

            foreach (var m in s.SummaryMetrics)
            {
                var pred = m.Predicted is null ? "-" : (m.Predicted.MeanUs / 1000).ToString("F3", inv);
                o.WriteLine(string.Create(inv, $"   {m.Metric,-8} mean {m.Measured.MeanUs / 1000:F3} ms measured, {pred} predicted ({m.RelativeError * 100:F1}%)  mean {Pass(m.MeanRule)}  spread {Pass(m.SpreadRule)}  range {Pass(m.RangeRule)}  {m.Verdict}"));
            }
        }

        o.WriteLine();
        o.WriteLine($"overall: {r.Verdict}");
    }

    private static string Pass(RuleResult? r) => r is null ? "n/a" : r.Pass ? "ok" : "FAIL";
}
