namespace XenSwitchSim.Cli.Reports.Figures;

/// <summary>Simulated runs of one scenario: pause and unpause time of each replication (paired; NaN pairs are skipped).</summary>
public sealed record PauseUnpauseRuns(string Scenario, IReadOnlyList<double> PauseUs, IReadOnlyList<double> UnpauseUs);

/// <summary>Mean, and where known min and max, of n measured runs of one operation, in us.</summary>
public sealed record MeasuredRange(double MeanUs, double? MinUs, double? MaxUs, int N);

/// <summary>
/// A measured scenario for Figure 3: its mean (and min/max box where the source gives them), and the single runs
/// where a measurement set has them (<see cref="RunsUs"/>: (pause, unpause) pairs).
/// <see cref="Scenario"/> names the simulated series it belongs to (same colour); <see cref="Source"/> says where
/// the numbers come from (e.g. "study, Xen 4.13 (Table 5), n=5").
/// </summary>
public sealed record MeasuredPauseUnpause(string Scenario, string Source, MeasuredRange Pause, MeasuredRange Unpause)
{
    public IReadOnlyList<(double PauseUs, double UnpauseUs)>? RunsUs { get; init; }
}

/// <summary>
/// The study's Figure 3: pause time against unpause time, one point per run, coloured by scenario, with the
/// measured runs, or the measured mean and min..max box, of the matching scenarios in the same colour.
/// </summary>
public static class Figure3
{
    /// <summary>More points than this per scenario are thinned evenly (every k-th replication) to keep the page light.</summary>
    public const int MaxPointsPerScenario = 5000;

    public static ReportFigure Build(IReadOnlyList<PauseUnpauseRuns> simulated, IReadOnlyList<MeasuredPauseUnpause> measured,
        string id = "figure3", string? caption = null)
    {
        var f = new PlotlyFigure();
        Plot.Style(f, 560);
        var scenarios = simulated.Select(s => s.Scenario).Concat(measured.Select(m => m.Scenario)).Distinct().ToList();
        string ColourOf(string scenario) => Plot.Colour(scenarios.IndexOf(scenario));
        var thinned = new List<string>();

        foreach (var s in simulated)
        {
            var pairs = Enumerable.Range(0, Math.Min(s.PauseUs.Count, s.UnpauseUs.Count))
                .Where(i => double.IsFinite(s.PauseUs[i]) && double.IsFinite(s.UnpauseUs[i]))
                .ToList();
            var step = Math.Max(1, (int)Math.Ceiling(pairs.Count / (double)MaxPointsPerScenario));
            if (step > 1) thinned.Add($"{s.Scenario}: every {step}th of {pairs.Count} runs");
            var shown = pairs.Where((_, k) => k % step == 0).ToList();
            f.Add("scatter",
                ("name", Plot.Text($"{s.Scenario} (simulated, n={pairs.Count})")),
                ("legendgroup", Plot.Text(s.Scenario)),
                ("mode", "markers"),
                ("x", shown.Select(i => s.PauseUs[i] / 1000).ToArray()),
                ("y", shown.Select(i => s.UnpauseUs[i] / 1000).ToArray()),
                ("text", shown.Select(i => $"run {i}").ToArray()),
                ("hovertemplate", "%{text}<br>pause %{x:.3f} ms<br>unpause %{y:.3f} ms<extra></extra>"),
                ("marker", Plot.O(("color", Plot.Alpha(ColourOf(s.Scenario), 0.55)), ("size", 5), ("symbol", "circle"))));
        }

        foreach (var m in measured)
        {
            var c = ColourOf(m.Scenario);
            if (m.Pause.MinUs is double pmin && m.Pause.MaxUs is double pmax && m.Unpause.MinUs is double umin && m.Unpause.MaxUs is double umax)
            {
                // The min..max box: a closed outline (a trace, so it has a legend entry and a hover).
                f.Add("scatter",
                    ("name", Plot.Text($"{m.Scenario}: measured min..max ({m.Source})")),
                    ("legendgroup", Plot.Text(m.Scenario)),
                    ("mode", "lines"),
                    ("x", new[] { pmin, pmax, pmax, pmin, pmin }.Select(v => v / 1000).ToArray()),
                    ("y", new[] { umin, umin, umax, umax, umin }.Select(v => v / 1000).ToArray()),
                    ("fill", "toself"),
                    ("fillcolor", Plot.Alpha(c, 0.2)),
                    ("line", Plot.O(("color", "#000"), ("width", 2), ("dash", "dash"))),
                    ("hoverinfo", "name"));
            }
            if (m.RunsUs is { Count: > 0 } runs)
            {
                f.Add("scatter",
                    ("name", Plot.Text($"{m.Scenario}: measured runs ({m.Source})")),
                    ("legendgroup", Plot.Text(m.Scenario)),
                    ("mode", "markers"),
                    ("x", runs.Select(r => r.PauseUs / 1000).ToArray()),
                    ("y", runs.Select(r => r.UnpauseUs / 1000).ToArray()),
                    ("hovertemplate", "measured<br>pause %{x:.3f} ms<br>unpause %{y:.3f} ms<extra></extra>"),
                    ("marker", Plot.O(("color", c), ("size", 9), ("symbol", "x-thin-open"), ("line", Plot.O(("width", 2), ("color", c))))));
            }
            f.Add("scatter",
                ("name", Plot.Text($"{m.Scenario}: measured mean ({m.Source})")),
                ("legendgroup", Plot.Text(m.Scenario)),
                ("mode", "markers"),
                ("x", new[] { m.Pause.MeanUs / 1000 }),
                ("y", new[] { m.Unpause.MeanUs / 1000 }),
                ("hovertemplate", Plot.Text($"measured mean, n={m.Pause.N}") + "<br>pause %{x:.3f} ms<br>unpause %{y:.3f} ms<extra></extra>"),
                ("marker", Plot.O(("color", c), ("size", 14), ("symbol", "diamond"), ("line", Plot.O(("width", 2), ("color", "#000"))))));
        }

        f.Layout["xaxis"] = Plot.Axis("pause time (ms)", Plot.LogIfWide(f.Traces.SelectMany(t => Plot.Numbers(t, "x"))));
        f.Layout["yaxis"] = Plot.Axis("unpause time (ms)", Plot.LogIfWide(f.Traces.SelectMany(t => Plot.Numbers(t, "y"))));
        f.Layout["legend"] = Plot.O(("orientation", "h"), ("y", -0.15));
        var text = caption ?? "One point per simulated run (observed times, as the study's probes saw them). " +
            (measured.Count > 0
                ? "Diamonds: the study's measured mean of the matching scenario; dashed box: its measured min..max where the study gives them."
                : "No measured scenario matches, so no measurements are drawn.");
        if (f.Layout["xaxis"] is Dictionary<string, object?> xa && xa.ContainsKey("type") || f.Layout["yaxis"] is Dictionary<string, object?> ya && ya.ContainsKey("type"))
            text += " An axis whose values span more than a factor of " + Plot.LogSpan + " is logarithmic.";
        if (thinned.Count > 0) text += " Thinned for drawing: " + string.Join("; ", thinned) + ".";
        return new ReportFigure(id, "Pause against unpause time (the study's Figure 3)", text, f);
    }
}
