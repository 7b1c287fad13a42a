using System.Globalization;
using XenSwitchSim.Calibration.Statistics;

namespace XenSwitchSim.Cli.Reports;

/// <summary>The deadline analysis as report tables (deadline, tail): each figure with its interval and method, and the diagnostics.</summary>
public static class TailTables
{
    public static ReportTable Figures(TailReport r)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { $"P(miss) at {Dur(r.DeadlineUs)}", P(r.MissProb.Estimate), $"[{P(r.MissProb.Lower)}, {P(r.MissProb.Upper)}]", r.MissProb.Method },
        };
        if (r.SizedDeadline is { } s)
            rows.Add([$"sized deadline (= upper end)", Dur(s.Estimate), $"[{Dur(s.Lower)}, {Dur(s.Upper)}]", s.Method]);
        foreach (var l in r.Levels)
            rows.Add([$"time exceeded w.p. {l.Exceedance.ToString("0E+0", CultureInfo.InvariantCulture)}", Dur(l.TimeUs), $"[{Dur(l.LowerUs)}, {Dur(l.UpperUs)}]", l.Method]);
        return new ReportTable($"n = {r.N.ToString("N0", CultureInfo.InvariantCulture)} runs; 95% intervals; each figure names its method",
            ["figure", "estimate", "95% interval", "method"], rows);
    }

    public static ReportTable Diagnostics(TailReport r)
    {
        var d = r.Diagnostics;
        var f = d.TailFit;
        var fitDetail = double.IsFinite(f.ThresholdUs)
            ? string.Create(CultureInfo.InvariantCulture, $"threshold {Dur(f.ThresholdUs)}, {f.NExceed} exceedances, xi {f.Xi:G3}, sigma {Dur(f.SigmaUs)}; {f.Note}")
            : f.Note;
        return new ReportTable("Diagnostics (a failure weakens the figures that rely on it)", ["check", "test", "p", "verdict", "detail"],
        [
            ["independence", d.Independence.Test, Pv(d.Independence.P), Verdict(d.Independence.Pass), ""],
            ["identical distribution", d.IdenticalDistribution.Test, Pv(d.IdenticalDistribution.P), Verdict(d.IdenticalDistribution.Pass), ""],
            ["tail fit", f.Test, Pv(f.P), Verdict(f.Pass), fitDetail],
            ["tail modes", d.TailModes.Test, Pv(d.TailModes.P), Verdict(d.TailModes.Pass), d.TailModes.Note],
        ]);
    }

    private static string Verdict(bool pass) => pass ? "pass" : "FAIL";

    private static string Pv(double p) => double.IsFinite(p) ? p.ToString("G3", CultureInfo.InvariantCulture) : "-";

    private static string P(double p) => Commands.TailOutput.P(p);

    private static string Dur(double us) => Commands.TailOutput.Dur(us);
}
