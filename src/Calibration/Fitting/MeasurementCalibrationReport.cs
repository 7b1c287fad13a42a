using System.Globalization;
using XenSwitchSim.Calibration.Reference;
using System.Text;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>
/// The Markdown report of a calibration from measurement sets: the sets, agreement per set and
/// operation (contracts.md section 5), phases, mean relative errors at the start values and at the
/// fit, the fitted parameters, and leave-one-set-out predictions when cross-validated.
/// </summary>
public static class MeasurementCalibrationReport
{
    public sealed record Context(string Command, string Date, string Conditions);

    public static string Write(MeasurementCalibration c, CalibrationResult r, Context ctx)
    {
        var sb = new StringBuilder();
        void L(string s = "") => sb.Append(s).Append('\n');
        static string Ms(double us) => double.IsFinite(us) ? (us / 1000).ToString("F3", CultureInfo.InvariantCulture) : "-";
        static string Pct(double x) => double.IsFinite(x) ? (100 * x).ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + "%" : "-";
        static string V(bool? b) => b is null ? "n/a" : b.Value ? "yes" : "**no**";
        static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

        L("# Calibration from measurement sets");
        L();
        L($"Produced by `{ctx.Command}` on {ctx.Date} ({ctx.Conditions}); seed {r.Options.Seed}, {r.Evaluations} objective evaluations, {r.Elapsed.TotalMinutes:F1} min wall time.");
        L($"Template `{c.Template.SourceName}` (sha256 {c.Template.Sha256[..12]}...), start values and bounds from `{c.Priors.SourceName}`. "
          + $"Objective at the start values {G(r.AtPriors.Total)}, fitted {G(r.Final.Total)} (final check: {r.Options.Final.RunsPerRow} simulated runs per set; search used {r.Options.Search.RunsPerRow}).");
        L();
        L("## Sets");
        L();
        L("| set | source | location | operations (n) | note |");
        L("|---|---|---|---|---|");
        foreach (var s in c.Sets)
        {
            var row = c.Data.Rows.First(x => x.Key == s.Name);
            var ops = string.Join(", ", row.Ops.Select(o => $"{o.Op.Name()} ({o.N})"));
            L($"| {s.Name} | {s.Meta.Source}{(s.IsSummaryOnly ? " (summary only)" : "")} | `{s.Location}` | {ops} | {row.Note ?? ""} |");
        }

        L();
        L("Agreement is contracts.md section 5: the mean within max(10%, 2 SE); the measured sample variance inside the 95% chi-square band of the simulated variance for n-1 degrees of freedom; the measured min and max inside the simulated p0.5-p99.5 range for n draws (n/a when the simulated runs are too few to resolve it: fewer than 1/(1 - 0.995^(1/n)), 20,000 for n = 100). "
          + "For a raw set the measured variance is the sample variance of its runs (divided by n-1) and SE = s/sqrt(n); for a summary-only set it is the table's population variance x n/(n-1). "
          + "With the tens to hundreds of runs of a raw set the chi-square band is narrow (normal theory): a skewed or two-mode distribution can fall outside it although `validate`'s distribution tests pass. "
          + "Runs of 2 s or more (the multi-second mode) are left out on both sides. The switch is compared on its total only.");
        L();

        var judged = Agreement.JudgeAll(r.Final.Rows).ToList();
        var start = Agreement.JudgeAll(r.AtPriors.Rows).ToList();
        string Count(Func<OpAgreement, bool?> f) { var k = judged.Where(a => f(a) is not null).ToList(); return k.Count == 0 ? "n/a" : $"{k.Count(a => f(a) == true)}/{k.Count}"; }
        var phases = judged.SelectMany(a => a.Phases).ToList();
        L("## Agreement counts");
        L();
        L("| operations | mean | spread | range | all three | phases agreeing | mean abs. rel. error (start -> fit) |");
        L("|---|---|---|---|---|---|---|");
        L($"| {judged.Count} | {Count(a => a.Verdict.Mean)} | {Count(a => a.Verdict.Spread)} | {Count(a => a.Verdict.Range)} | {judged.Count(a => a.Verdict.Agrees)}/{judged.Count} | {phases.Count(p => p.Agrees)}/{phases.Count} | {Pct(Mape(start))} -> {Pct(Mape(judged))} |");
        L();

        L("## Operations: measured vs simulated at the fit (ms)");
        L();
        L("| set | op | n | measured mean | simulated mean | rel. error | at start | tolerance | mean | meas. var (sample) | sim. 95% band | spread | meas. min-max | sim. p0.5-p99.5 (n draws) | range |");
        L("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var a in judged)
        {
            var t = a.Measured;
            var s0 = start.First(x => x.Row.Key == a.Row.Key && x.Op == a.Op);
            var varText = t.SampleVarianceUs2 is { } v ? G(v / 1e6) : "-";
            var band = double.IsFinite(a.SpreadLowUs2) ? $"{G(a.SpreadLowUs2 / 1e6)}-{G(a.SpreadHighUs2 / 1e6)}" : "-";
            var mm = t.MinUs is { } mn && t.MaxUs is { } mx ? $"{Ms(mn)}-{Ms(mx)}" : "-";
            var rr = double.IsFinite(a.RangeLowUs) ? $"{Ms(a.RangeLowUs)}-{Ms(a.RangeHighUs)}" : "-";
            L($"| {a.Row.Key} | {a.Op.Name()} | {t.N} | {Ms(t.MeanUs)} | {Ms(a.Simulated.Mean)} | {Pct(a.RelativeError)} | {Pct(s0.RelativeError)} | {Ms(t.MeanToleranceUs)} | {V(a.Verdict.Mean)} | {varText} | {band} | {V(a.Verdict.Spread)} | {mm} | {rr} | {V(a.Verdict.Range)} |");
        }

        L();
        L("Variances in ms^2.");
        L();
        if (phases.Count > 0)
        {
            L("## Phases: measured vs simulated mean (ms)");
            L();
            L("| set | op | phase | measured | simulated | rel. error | tolerance | agrees |");
            L("|---|---|---|---|---|---|---|---|");
            foreach (var a in judged)
                foreach (var p in a.Phases)
                    L($"| {a.Row.Key} | {a.Op.Name()} | {p.Phase} | {Ms(p.MeasuredUs)} | {Ms(p.SimulatedUs)} | {Pct(p.RelativeError)} | {Ms(p.ToleranceUs)} | {V(p.Agrees)} |");
            L();
        }

        L("## Fitted parameters");
        L();
        L("Searched in log space within the bounds; sd and the 95% interval from the objective's curvature along each parameter at the optimum, holding the others fixed (a conditional estimate: correlated costs, such as xl's exec and start-up, trade off and are less certain than it says). A parameter the data barely constrain gets half its log range as sd.");
        L();
        L("| parameter | start | fitted | ratio | sd | 95% interval | why free |");
        L("|---|---|---|---|---|---|---|");
        foreach (var p in r.Parameters)
            L($"| {p.Free.Mechanism} | {G(p.Free.Prior)} | {G(p.Value)} | x{G(p.Value / p.Free.Prior)} | {G(p.Sd)} | {G(p.Lower)}-{G(p.Upper)} | {p.Free.Why} |");
        L();
        L("Every other mechanism keeps the template's value.");
        L();

        if (r.CrossValidation is { } cv)
        {
            L("## Leave-one-set-out cross-validation");
            L();
            L($"Each set refitted out (Nelder-Mead from the full fit, {r.Options.CrossValidationEvaluations} evaluations; a parameter that owed over half its sensitivity to the set was reset to its start value first), then predicted.");
            L();
            L("| set | op | measured (ms) | predicted (ms) | error | reset to start |");
            L("|---|---|---|---|---|---|");
            var errors = new List<double>();
            foreach (var x in cv)
            {
                foreach (var t in x.Row.Ops)
                {
                    var pred = x.Predicted.Of(t.Op).Mean;
                    var err = (pred - t.MeanUs) / t.MeanUs;
                    errors.Add(Math.Abs(err));
                    L($"| {x.Row.Key} | {t.Op.Name()} | {Ms(t.MeanUs)} | {Ms(pred)} | {Pct(err)} | {(x.ResetToPrior.Count == 0 ? "-" : string.Join(", ", x.ResetToPrior))} |");
                }
            }

            L();
            L($"**MAPE of the left-out means: {100 * errors.Average():F1}%** over {errors.Count} operations (worst {100 * errors.Max():F1}%).");
            L();
        }

        L("## Largest objective terms at the fit");
        L();
        L("| set | term | value |");
        L("|---|---|---|");
        foreach (var t in r.Final.Terms.OrderByDescending(t => t.Value).Take(12))
            L($"| {t.Row} | {t.Name} | {G(t.Value)} |");
        L();
        L("## Operations the fitted model does not explain");
        L();
        var failing = judged.Where(a => !a.Verdict.Agrees).ToList();
        if (failing.Count == 0) L("None: every operation agrees on every criterion its data allow.");
        foreach (var a in failing)
        {
            var what = new List<string>();
            if (a.Verdict.Mean == false) what.Add($"mean {Pct(a.RelativeError)}");
            if (a.Verdict.Spread == false) what.Add(a.Measured.SampleVarianceUs2 > a.SpreadHighUs2 ? "measured variance above the band" : "measured variance below the band");
            if (a.Verdict.Range == false) what.Add(a.Measured.MaxUs > a.RangeHighUs ? "measured max above p99.5" : "measured min below p0.5");
            L($"- **{a.Row.Key} {a.Op.Name()}**: {string.Join("; ", what)}.");
        }

        L();
        L("Check the fitted model on sets kept out of the fit with `xenswitchsim validate --model <fitted> --measurements <held-out sets>`.");
        return sb.ToString();
    }

    private static double Mape(IReadOnlyList<OpAgreement> a) => a.Count == 0 ? double.NaN : a.Average(x => Math.Abs(x.RelativeError));
}
