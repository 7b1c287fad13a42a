using System.Globalization;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Cli.Reports.Figures;
using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Measurement;

namespace XenSwitchSim.Cli.Reports;

/// <summary>What a deadline run produced, for its report.</summary>
public sealed record DeadlineRun(ResolvedScenario Scenario, ulong Seed, int Runs, MetricChoice Choice, double[] TimesUs, TailReport Report,
    OperationTimes[] Results)
{
    /// <summary>Importance-sampling weights of <see cref="TimesUs"/> (null: plain runs).</summary>
    public double[]? Weights { get; init; }

    /// <summary>The tilt's description with importance sampling.</summary>
    public string? Tilt { get; init; }

    /// <summary>Blocks of drawn parameters with --with-parameter-uncertainty (null: none).</summary>
    public int? Blocks { get; init; }

    public int Incomplete { get; init; }

    /// <summary>Whether --deadline was given (else the deadline drawn is the one sized for --miss-prob).</summary>
    public bool DeadlineGiven { get; init; } = true;

    public double? TargetMissProb { get; init; }
}

/// <summary>
/// deadline's report: the figures and diagnostics as tables, the exceedance curve of the metric with its deadline
/// (empirical part with its band, GPD tail, levels by method, miss probability), and Figure 3 and the phase bars
/// when the pause/unpause board ran (metric pause or unpause, plain runs).
/// </summary>
public static class DeadlineReport
{
    public static ReportDocument Build(DeadlineRun run, string scenarioName, string? commandLine)
    {
        var s = run.Scenario;
        var r = run.Report;
        var ci = CultureInfo.InvariantCulture;
        var extra = new List<KeyValuePair<string, string>>
        {
            new("metric", run.Choice.ToString()),
            new("deadline", (run.DeadlineGiven ? "" : "sized for P = " + run.TargetMissProb?.ToString("G3", ci) + ": ") + Commands.TailOutput.Dur(r.DeadlineUs)),
        };
        if (run.DeadlineGiven && run.TargetMissProb is double p) extra.Add(new("target miss probability", p.ToString("G3", ci)));
        if (run.Tilt is not null) extra.Add(new("importance sampling", run.Tilt));
        if (run.Blocks is int b) extra.Add(new("parameter uncertainty", $"{b} blocks, each with its own draw of the calibrated mechanisms"));
        var doc = new ReportDocument($"xenswitchsim deadline: {s.Model.Name}, {scenarioName}, {run.Choice}",
            SimulateReport.Header("deadline", s, run.Seed, run.Runs, commandLine, extra));
        if (run.Incomplete > 0)
            doc.Notes.Add($"{run.Incomplete} runs did not complete within the {MetricChoice.CapUs / 1e6:F0} s cap: counted at the cap (misses).");
        if (run.Blocks is not null)
            doc.Notes.Add("The runs pool blocks of drawn parameters: the curve and its band are the pooled runs' (Monte Carlo only); the figures' intervals in the table and on the markers are widened by the between-block variance.");
        doc.Add(TailTables.Figures(r));
        doc.Add(TailTables.Diagnostics(r));

        var series = new ExceedanceSeries(run.Choice.ToString(), run.TimesUs) { Tail = r, Weights = run.Weights, ShowMissProbability = true };
        doc.Add(Exceedance.Build([series], r.DeadlineUs, caption: ExceedanceCaption(r, run.Weights is not null, run.DeadlineGiven)));

        if (run.Weights is not null)
        {
            doc.Notes.Add("Figure 3 and the phase bars are not drawn: importance-sampled runs come from tilted laws, so their points are not a sample of the platform's behaviour.");
        }
        else if (SimulateReport.HasPauseUnpause(run.Results))
        {
            var matched = ReferenceMatch.Find(s.Model, s.Parameters);
            doc.Add(SimulateReport.Figure3Of([(scenarioName, run.Results)], matched.Select(m => (scenarioName, m)).ToList()));
            var ops = OperationStats.From(run.Results, null, s.SwitchInfeasible).Where(o => o.Name != "switch").ToList();
            var bars = SimulateReport.PhaseBarsOf(scenarioName, ops, matched);
            if (bars.Count > 0) doc.Add(PhaseBars.Build(bars));
        }
        else
        {
            doc.Notes.Add("Figure 3 and the phase bars are not drawn: only the switch board ran (the metric is the switch). " +
                "Run `deadline --metric pause` or `simulate --report` for them.");
        }
        return doc;
    }

    private static string ExceedanceCaption(TailReport r, bool weighted, bool deadlineGiven) =>
        (weighted
            ? "Solid steps: the importance-weighted empirical P(T > t) = (1/n) sum of the weights beyond t (no Clopper-Pearson band: it does not apply to weighted counts). "
            : "Solid steps: the empirical part, P(T > t) counted from the runs, with a pointwise 95% Clopper-Pearson band (shaded). ") +
        (double.IsFinite(r.Diagnostics.TailFit.ThresholdUs) && !weighted
            ? "Dashed: the extreme-value part, the POT/GPD tail fitted above its threshold (docs/statistics.md). "
            : "") +
        "Markers: the times exceeded with probability 1e-3 ... 1e-12 with their intervals, by method (circles: empirical-clopper-pearson; squares: a tail model; open: extrapolated beyond the runs' reach). " +
        "Star: the miss probability at the deadline with its interval. " +
        (deadlineGiven ? "Red dotted line: the deadline." : "Red dotted line: the deadline sized for the target miss probability.");
}
