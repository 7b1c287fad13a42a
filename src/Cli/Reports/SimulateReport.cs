using System.Globalization;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Cli.Reports.Figures;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Measurement;

namespace XenSwitchSim.Cli.Reports;

/// <summary>simulate's report: title block, the statistics table, Figure 3, the exceedance curves, the phase bars and a traced replication's timelines.</summary>
public static class SimulateReport
{
    /// <summary>The tail fit (POT/GPD) is drawn for the switch when there are at least this many runs (fewer give no threshold candidate).</summary>
    public const int MinRunsForTailFit = 250;

    public static ReportHeader Header(string command, ResolvedScenario s, ulong seed, int runs, string? commandLine, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var defaults = s.Model.DefaultParameters.ToDictionary();
        var parameters = s.Parameters.ToDictionary();
        return new ReportHeader
        {
            Command = command,
            Model = $"{s.Model.Name} ({s.Model.SourceName})",
            ModelSha256 = s.Model.Sha256,
            Seed = seed,
            Runs = runs,
            Parameters = parameters.ToList(),
            Changed = parameters.Where(kv => defaults[kv.Key] != kv.Value).Select(kv => kv.Key).ToHashSet(),
            Extra = extra?.ToList() ?? [],
            CommandLine = commandLine,
        };
    }

    /// <param name="trace">The replication to draw as timelines (--trace-run K, or the slowest switch), or null.</param>
    /// <param name="scenarioName">The scenario's name in legends (the scenario file's name, else "this scenario").</param>
    public static ReportDocument Build(ResolvedScenario s, ulong seed, int runs, OperationTimes[] results, IReadOnlyList<OperationStats> ops,
        TracedReplication? trace, string scenarioName, string? commandLine, string? traceWhy = null)
    {
        var doc = new ReportDocument($"xenswitchsim simulate: {s.Model.Name}, {scenarioName}", Header("simulate", s, seed, runs, commandLine));
        var matched = ReferenceMatch.Find(s.Model, s.Parameters);
        if (!ReferenceMatch.IsPiModel(s.Model))
            doc.Notes.Add($"{s.Model.Name} is not a Raspberry Pi 4 model, so the study's measurements are not drawn.");
        else if (matched.Count == 0)
        {
            var hints = ReferenceMatch.Hints(s.Model);
            doc.Notes.Add("No measured row of the study matches this scenario on this model, so only simulated values are drawn." +
                (hints.Count > 0 ? " Measured scenarios of this environment: " + string.Join("; ", hints) + "." : ""));
        }
        else
        {
            foreach (var m in matched) doc.Notes.Add($"Measured for comparison: {m.Source} (the study's {m.Table}).");
        }
        foreach (var op in ops.Where(o => o.Infeasible is not null)) doc.Notes.Add($"{op.Name} is infeasible: {op.Infeasible}");

        doc.Add(StatsTable(ops));

        doc.Add(Figure3Of([(scenarioName, results)], matched.Select(m => (scenarioName, m)).ToList()));

        doc.Add(Exceedance.Build(ExceedanceSeriesOf(results), caption: ExceedanceCaption(results.Length)));

        var bars = PhaseBarsOf(scenarioName, ops, matched);
        if (bars.Count > 0) doc.Add(PhaseBars.Build(bars));

        if (trace is not null)
        {
            foreach (var op in trace.Operations)
            {
                var data = Timeline.FromRecorder(
                    $"Timeline of replication {trace.Replication}: {op.Name} ({Ms(Time(trace.Times, op.Name))} ms true)",
                    op.Recorder.Events, op.FromNs, op.ToNs + Math.Max(20_000, (op.ToNs - op.OriginNs) / 50), op.OriginNs, op.Probes);
                doc.Add(Timeline.Build(data, $"timeline-{op.Name}",
                    (traceWhy is null ? "" : traceWhy + " ") +
                    "Each row is a CPU: dom0's vCPUs show the Linux task that ran, Xen's pCPUs the vCPU that ran (dNvM = domain N, vCPU M). " +
                    "Marks: runstate changes, wakes and sleeps, and the domctl entering Xen; dotted lines: the probes. Drag to zoom into the microsecond steps."));
            }
        }
        return doc;
    }

    /// <summary>Figure 3 of one or more scenarios' runs (observed pause against observed unpause), with the study's matching rows.</summary>
    public static ReportFigure Figure3Of(IReadOnlyList<(string Scenario, OperationTimes[] Results)> runs,
        IReadOnlyList<(string Scenario, MatchedMeasurement Measured)> matched, string id = "figure3", string? caption = null) =>
        Figure3.Build(
            runs.Select(r => new PauseUnpauseRuns(r.Scenario, r.Results.Select(x => x.PauseObservedUs).ToArray(), r.Results.Select(x => x.UnpauseObservedUs).ToArray())).ToList(),
            matched.Select(m => new MeasuredPauseUnpause(m.Scenario, m.Measured.Source, m.Measured.Pause, m.Measured.Unpause)).ToList(), id, caption);

    /// <summary>The simulated phase means of each operation that ran (observed view), each followed by the matching study rows' means.</summary>
    public static List<PhaseBar> PhaseBarsOf(string scenarioName, IReadOnlyList<OperationStats> ops, IReadOnlyList<MatchedMeasurement> matched)
    {
        var bars = new List<PhaseBar>();
        foreach (var op in ops.Where(o => o.Observed is not null && o.PhaseMeans.Count > 0 && o.PhaseMeans.All(p => double.IsFinite(p.MeanUs))))
        {
            bars.Add(new PhaseBar(scenarioName, "simulated", op.Name, op.PhaseMeans));
            foreach (var m in matched)
            {
                var phases = op.Name == "pause" ? m.PausePhasesUs : m.UnpausePhasesUs;
                var order = op.Name == "pause" ? Calibration.Reference.Phases.Pause : Calibration.Reference.Phases.Unpause;
                bars.Add(new PhaseBar(scenarioName, $"measured ({m.RowId}, Xen {m.XenVersion})", op.Name,
                    order.Where(phases.ContainsKey).Select(p => (p, phases[p])).ToList()));
            }
        }
        return bars;
    }

    /// <summary>Whether the runs hold pause and unpause times (the board without a standby ran), so Figure 3 and the phase bars can be drawn.</summary>
    public static bool HasPauseUnpause(OperationTimes[] results) =>
        results.Any(r => double.IsFinite(r.PauseObservedUs) && double.IsFinite(r.UnpauseObservedUs));

    private static double Time(OperationTimes t, string op) => op switch
    {
        "pause" => t.PauseTrueUs,
        "unpause" => t.UnpauseTrueUs,
        _ => t.SwitchTrueUs,
    };

    /// <summary>True-time curves of switch, pause and unpause (with the switch's tail fit), observed ones one click away.</summary>
    public static IReadOnlyList<ExceedanceSeries> ExceedanceSeriesOf(OperationTimes[] results)
    {
        var list = new List<ExceedanceSeries>();
        foreach (var (name, truth, observed) in new (string, Func<OperationTimes, double>, Func<OperationTimes, double>)[]
        {
            ("switch", r => r.SwitchTrueUs, r => r.SwitchObservedUs),
            ("pause", r => r.PauseTrueUs, r => r.PauseObservedUs),
            ("unpause", r => r.UnpauseTrueUs, r => r.UnpauseObservedUs),
        })
        {
            var t = results.Select(truth).Where(double.IsFinite).ToArray();
            if (t.Length == 0) continue;
            TailReport? tail = null;
            if (name == "switch" && t.Length >= MinRunsForTailFit)
                tail = TailAnalysis.Analyze(t, TailQuery.ForMissProbability(1e-3));
            list.Add(new ExceedanceSeries($"{name} (true)", t) { Tail = tail, ShowMissProbability = false });
            list.Add(new ExceedanceSeries($"{name} (observed)", results.Select(observed).Where(double.IsFinite).ToArray()) { Visible = false });
        }
        return list;
    }

    private static string ExceedanceCaption(int n) =>
        "True times (decision to effect) of each operation; the observed ones (as the study's probes saw them) are in the legend, click to show. " +
        "Solid steps: the empirical P(T > t) with a pointwise 95% Clopper-Pearson band (shaded). " +
        (n >= MinRunsForTailFit
            ? "Dashed: the switch's extreme-value tail (POT/GPD, threshold chosen by the rules of docs/statistics.md), with the times exceeded with probability 1e-3 ... 1e-12 " +
              "and their intervals (filled = within the data's reach, open = extrapolated). Use `deadline` for a miss probability at a deadline."
            : $"With fewer than {MinRunsForTailFit} runs no extreme-value tail is fitted (run more replications for one).");

    private static ReportTable StatsTable(IReadOnlyList<OperationStats> ops)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var op in ops)
        {
            if (op.Infeasible is not null)
            {
                rows.Add([op.Name, "infeasible", op.Infeasible, "", "", "", "", "", "", ""]);
                continue;
            }
            foreach (var (view, st) in new[] { ("observed", op.Observed), ("true", op.True) })
            {
                if (st is null) continue;
                rows.Add([op.Name, view, st.N.ToString(CultureInfo.InvariantCulture), Ms(st.MeanUs), Ms((st.MeanCi95Us.Upper - st.MeanCi95Us.Lower) / 2),
                    Ms(st.MinUs), Ms(st.P50Us), Ms(st.P99Us), Ms(st.P999Us), Ms(st.MaxUs)]);
            }
        }
        return new ReportTable("Statistics (ms; ± = 95% CI half-width of the mean)",
            ["operation", "view", "n", "mean", "±", "min", "p50", "p99", "p99.9", "max"], rows);
    }

    private static string Ms(double us) => double.IsFinite(us) ? (us / 1000).ToString("F3", CultureInfo.InvariantCulture) : "-";
}
