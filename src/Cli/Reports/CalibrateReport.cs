using System.Globalization;
using XenSwitchSim.Calibration.Fitting;
using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Cli.Reports.Figures;

namespace XenSwitchSim.Cli.Reports;

/// <summary>What calibrate ran on and wrote, for the title block of its HTML report.</summary>
public sealed record CalibrateRun(string PriorsName, string PriorsSource, string PriorsSha256, string ReferenceFile, string ReferenceSha256, ulong Seed,
    string Budget, IReadOnlyList<(string Path, string? Sha256)> Models, string? CommandLine);

/// <summary>
/// calibrate's HTML report (its Markdown report is <see cref="CalibrationReport"/>): the fitted parameters and every
/// row's verdict as tables; measured against simulated for every row with error bars; the study's Figure 3 per
/// environment, simulated runs of each row with the measured mean and min..max box; and the phase means per
/// environment, simulated beside measured.
/// </summary>
public static class CalibrateReport
{
    public static ReportDocument Build(CalibrationResult result, CalibrateRun run)
    {
        var ci = CultureInfo.InvariantCulture;
        var judged = Agreement.JudgeAll(result.Final.Rows).ToList();
        var header = new ReportHeader
        {
            Command = "calibrate",
            Model = $"{run.PriorsName} ({run.PriorsSource}): the priors the fit starts from",
            ModelSha256 = run.PriorsSha256,
            Seed = run.Seed,
            Runs = result.Options.Final.RunsPerRow,
            Parameters = result.Parameters.Select(p => new KeyValuePair<string, string>(p.Free.Label,
                string.Create(ci, $"{p.Value:G5} (prior {p.Free.Prior:G5}, sd {p.Sd:G3})"))).ToList(),
            Changed = result.Parameters.Select(p => p.Free.Label).ToHashSet(),
            Extra =
            [
                new("reference", $"{run.ReferenceFile} (sha256 {run.ReferenceSha256})"),
                new("budget", run.Budget),
                new("objective", string.Create(ci, $"{result.AtPriors.Total:G5} at the priors -> {result.Final.Total:G5} fitted ({result.Evaluations} evaluations, {result.Elapsed.TotalMinutes:F1} min)")),
                new("agreement", string.Join("; ", new[] { Env.Old, Env.New }.Select(env =>
                {
                    var j = judged.Where(a => a.Row.Env == env).ToList();
                    return $"{EnvName(env)}: {j.Count(a => a.Verdict.Agrees)}/{j.Count} operations agree";
                }))),
                .. run.Models.Select(m => new KeyValuePair<string, string>("calibrated model", m.Sha256 is null ? $"{m.Path} (not written: --no-write)" : $"{m.Path} (sha256 {m.Sha256})")),
            ],
            CommandLine = run.CommandLine,
        };
        var doc = new ReportDocument("xenswitchsim calibrate: both environments against the study's tables", header);
        doc.Notes.Add("The parameters in the title block are the fitted mechanisms (value, prior, curvature sd); every other mechanism stays at its prior. " +
            "Simulated values are the final check's: " + result.Options.Final.RunsPerRow.ToString(ci) + " runs per row with the fitted values.");

        doc.Add(FittedTable(result));
        doc.Add(RowsTable(judged));
        doc.Add(CalibrationChart.Build(Points(judged), "calibration", "mean ± max(10%, 2 SE): the agreement band", "mean; bars: p0.5 of the min .. p99.5 of the max of n draws (old rows)",
            caption: "Every row of both environments: black diamonds, the study's measured mean with the band max(10%, 2 SE) the simulated mean must fall in (contracts.md section 5); " +
                "blue, the simulated mean (typical runs, below the multi-second mode) with, for the rows whose table gives min and max, the range the measured min and max must fall in; " +
                "an orange × is an operation that does not agree (mean, spread or range)."));

        foreach (var env in new[] { Env.Old, Env.New })
        {
            var rows = result.Final.Rows.Where(r => r.Row.Env == env).ToList();
            if (rows.Count == 0) continue;
            doc.Add(Figure3.Build(
                rows.Select(r => new PauseUnpauseRuns(r.Row.Id, r.Pause.InRunOrderUs, r.Unpause.InRunOrderUs)).ToList(),
                rows.Where(r => r.Row.Pause is not null && r.Row.Unpause is not null).Select(r => new MeasuredPauseUnpause(r.Row.Id, $"study, {EnvName(env)} environment, n={r.Row.Pause!.N}",
                    new MeasuredRange(r.Row.Pause.MeanUs, r.Row.Pause.MinUs, r.Row.Pause.MaxUs, r.Row.Pause.N),
                    new MeasuredRange(r.Row.Unpause!.MeanUs, r.Row.Unpause.MinUs, r.Row.Unpause.MaxUs, r.Row.Unpause.N))).ToList(),
                $"figure3-{EnvName(env)}",
                $"The study's Figure 3 for the {EnvName(env)} environment: one point per simulated run of each row with the fitted values (observed times), coloured by row; " +
                "diamonds: the row's measured mean" + (env == Env.Old ? "; dashed boxes: its measured min..max (Table 5)." : " (the new environment's tables give means only).")));
            var bars = new List<PhaseBar>();
            foreach (var r in rows)
            {
                foreach (var op in new[] { Operation.Pause, Operation.Unpause })
                {
                    var name = op == Operation.Pause ? "pause" : "unpause";
                    var order = Phases.Of(op);
                    var sim = r.Of(op).PhasesUs;
                    var meas = r.Row.Target(op).PhasesUs;
                    bars.Add(new PhaseBar(r.Row.Id, "simulated", name, order.Where(sim.ContainsKey).Select(p => (p, sim[p])).ToList()));
                    bars.Add(new PhaseBar(r.Row.Id, "measured", name, order.Where(meas.ContainsKey).Select(p => (p, meas[p])).ToList()));
                }
            }
            doc.Add(PhaseBars.Build(bars, $"phases-{EnvName(env)}",
                $"Stacked phase means of every {EnvName(env)}-environment row, simulated (fitted) beside measured (the study's " + (env == Env.Old ? "Tables 6 and 7" : "Tables 9 and 10") + "). " +
                "Blue: xl in dom0; orange: the domU's sampler; green: Xen's own work on the vCPU."));
        }
        return doc;
    }

    private static string EnvName(Env env) => env == Env.Old ? "old" : "new";

    private static List<CalibrationPoint> Points(IReadOnlyList<OpAgreement> judged) =>
        judged.Select(a =>
        {
            var m = a.Measured;
            var tol = m.MeanToleranceUs;
            var hasRange = double.IsFinite(a.RangeLowUs) && double.IsFinite(a.RangeHighUs);
            return new CalibrationPoint(a.Row.Id, EnvName(a.Row.Env), a.Op == Operation.Pause ? "pause" : "unpause",
                m.MeanUs, m.MeanUs - tol, m.MeanUs + tol,
                a.Simulated.Mean, hasRange ? a.RangeLowUs : null, hasRange ? a.RangeHighUs : null) { Agrees = a.Verdict.Agrees };
        }).ToList();

    private static ReportTable FittedTable(CalibrationResult result)
    {
        string G(double x) => x.ToString("G5", CultureInfo.InvariantCulture);
        return new ReportTable("Fitted mechanisms (95% range from the curvature of the objective in log space, clipped to the priors' bounds)",
            ["mechanism", "prior", "fitted", "sd", "lower", "upper", "admissible"],
            result.Parameters.Select(p => (IReadOnlyList<string>)[p.Free.Label, G(p.Free.Prior), G(p.Value), p.Sd.ToString("G3", CultureInfo.InvariantCulture), G(p.Lower), G(p.Upper),
                $"[{G(p.Free.Lower)}, {G(p.Free.Upper)}]"]).ToList());
    }

    private static ReportTable RowsTable(IReadOnlyList<OpAgreement> judged)
    {
        string Ms(double us) => double.IsFinite(us) ? (us / 1000).ToString("F3", CultureInfo.InvariantCulture) : "-";
        string V(bool? b) => b is null ? "n/a" : b.Value ? "ok" : "FAIL";
        return new ReportTable("Every row: measured and simulated mean (ms), relative error and the section 5 criteria",
            ["row", "operation", "measured", "simulated", "error", "mean", "spread", "range", "agrees"],
            judged.Select(a => (IReadOnlyList<string>)[$"{EnvName(a.Row.Env)}/{a.Row.Id}", a.Op == Operation.Pause ? "pause" : "unpause", Ms(a.Measured.MeanUs), Ms(a.Simulated.Mean),
                a.RelativeError.ToString("P1", CultureInfo.InvariantCulture), V(a.Verdict.Mean), V(a.Verdict.Spread), V(a.Verdict.Range), a.Verdict.Agrees ? "yes" : "NO"]).ToList());
    }
}
