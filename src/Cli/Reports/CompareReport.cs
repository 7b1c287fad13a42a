using System.Globalization;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Cli.Reports.Figures;
using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Measurement;

namespace XenSwitchSim.Cli.Reports;

/// <summary>One side of a comparison: its scenario, its runs, and the chosen metric's times.</summary>
public sealed record CompareSide(string Label, ResolvedScenario Scenario, OperationTimes[] Results, double[] TimesUs, string Changes);

/// <summary>
/// compare's report: the differences a - b as a table, both sides' exceedance curves of the metric overlaid (with
/// each side's extreme-value tail from <see cref="SimulateReport.MinRunsForTailFit"/> runs on), Figure 3 with a and b
/// in two colours, and the phase bars of a and b side by side.
/// </summary>
public static class CompareReport
{
    public static ReportDocument Build(CompareSide a, CompareSide b, MetricChoice choice, double deadlineUs, DifferenceReport diff,
        ulong seed, int runs, string? commandLine)
    {
        var extra = new List<KeyValuePair<string, string>>
        {
            new("metric", choice.ToString()),
            new("deadline", Commands.TailOutput.Dur(deadlineUs)),
            new("side a", a.Changes),
            new("side b", b.Changes),
            new("random numbers", "common: the same seed and streams on both sides"),
        };
        var header = SimulateReport.Header("compare", a.Scenario, seed, runs, commandLine, extra);
        var doc = new ReportDocument($"xenswitchsim compare: {a.Scenario.Model.Name}, a against b, {choice}", header);
        doc.Notes.Add("The parameters listed are side a's; side b differs from a as the title block says.");
        doc.Add(DifferenceTable(a, b, choice, deadlineUs, diff, runs));

        var series = new[] { a, b }.Select(side =>
        {
            var finite = side.TimesUs.Where(double.IsFinite).ToArray();
            TailReport? tail = finite.Length >= SimulateReport.MinRunsForTailFit ? DeadlineAnalysis.Analyze(finite, TailQuery.ForDeadline(deadlineUs)).Report : null;
            return new ExceedanceSeries($"{side.Label}: {choice}", finite) { Tail = tail };
        }).ToList();
        doc.Add(Exceedance.Build(series, deadlineUs, caption:
            "Both sides' P(T > t) of the metric on one log axis (blue: a, orange: b), from the same random numbers. Solid steps: the empirical part with a pointwise 95% Clopper-Pearson band; " +
            (runs >= SimulateReport.MinRunsForTailFit
                ? "dashed: each side's extreme-value (POT/GPD) tail; markers: the times exceeded with probability 1e-3 ... 1e-12 (filled: within the runs' reach, open: extrapolated); stars: each side's miss probability at the deadline. "
                : $"with fewer than {SimulateReport.MinRunsForTailFit} runs no extreme-value tail is fitted. ") +
            "Red dotted line: the deadline."));

        var sides = new[] { a, b };
        if (sides.All(s => SimulateReport.HasPauseUnpause(s.Results)))
        {
            var matched = sides.SelectMany(s => ReferenceMatch.Find(s.Scenario.Model, s.Scenario.Parameters).Select(m => (s.Label, m))).ToList();
            doc.Add(SimulateReport.Figure3Of(sides.Select(s => (s.Label, s.Results)).ToList(), matched,
                caption: "One point per run (observed times), a and b in their own colours; the same replication index is the same random numbers on both sides. " +
                    (matched.Count > 0 ? "Diamonds and dashed boxes: the study's measured mean and min..max of a side's matching scenario." : "No measured scenario of the study matches either side.")));
            var bars = sides.SelectMany(s => SimulateReport.PhaseBarsOf(s.Label, OperationStats.From(s.Results, null, s.Scenario.SwitchInfeasible),
                ReferenceMatch.Find(s.Scenario.Model, s.Scenario.Parameters))).ToList();
            if (bars.Count > 0)
                doc.Add(PhaseBars.Build(bars, caption: "Stacked phase means (observed view) of a and b side by side, each with the study's matching rows where there are any. " +
                    "Blue: xl in dom0; orange: the domU's sampler; green: Xen's own work on the vCPU."));
        }
        else
        {
            doc.Notes.Add("Figure 3 and the phase bars are not drawn: a side has no pause/unpause runs (infeasible there).");
        }
        return doc;
    }

    private static ReportTable DifferenceTable(CompareSide a, CompareSide b, MetricChoice choice, double deadlineUs, DifferenceReport diff, int runs)
    {
        var sa = SummaryStats.Compute(a.TimesUs);
        var sb = SummaryStats.Compute(b.TimesUs);
        string Ms(double us) => Commands.TailOutput.Ms(us);
        string P(double p) => Commands.TailOutput.P(p);
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "mean (ms)", Ms(sa.MeanUs), Ms(sb.MeanUs), Ms(diff.MeanUs.Estimate), $"[{Ms(diff.MeanUs.Lower)}, {Ms(diff.MeanUs.Upper)}]", "paired t" },
            new[] { "p99 (ms)", Ms(sa.P99Us), Ms(sb.P99Us), Ms(diff.P99Us.Estimate), $"[{Ms(diff.P99Us.Lower)}, {Ms(diff.P99Us.Upper)}]", "paired bootstrap" },
        };
        if (diff.MissProb is { } m)
        {
            var ka = a.TimesUs.Count(x => x > deadlineUs);
            var kb = b.TimesUs.Count(x => x > deadlineUs);
            rows.Add([$"miss probability at {Commands.TailOutput.Dur(deadlineUs)}", P((double)ka / runs), P((double)kb / runs), P(m.Estimate), $"[{P(m.Lower)}, {P(m.Upper)}]", "Newcombe paired"]);
        }
        return new ReportTable($"{choice}: a, b and a - b with paired 95% intervals ({runs.ToString(CultureInfo.InvariantCulture)} runs each)",
            ["figure", "a", "b", "a - b", "95% interval", "method"], rows);
    }
}
