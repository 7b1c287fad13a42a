using System.Globalization;

namespace XenSwitchSim.Cli.Reports.Figures;

/// <summary>
/// One measured row and its simulation, in us. The intervals are the caller's (contracts.md §5 suggests the measured
/// mean ± 2 SE, SE = sqrt(var_pop/(n-1)), and the simulated p0.5..p99.5 for n draws, or the simulated mean's CI);
/// null draws no bar. <see cref="Agrees"/> false marks the row as disagreeing (✗ in its label), null says nothing.
/// </summary>
public sealed record CalibrationPoint(string Row, string Environment, string Operation,
    double MeasuredMeanUs, double? MeasuredLowerUs, double? MeasuredUpperUs,
    double SimulatedMeanUs, double? SimulatedLowerUs, double? SimulatedUpperUs)
{
    public bool? Agrees { get; init; }
}

/// <summary>Calibration: measured against simulated for every row, with error bars, one panel per operation.</summary>
public static class CalibrationChart
{
    public static ReportFigure Build(IReadOnlyList<CalibrationPoint> points, string id = "calibration",
        string measuredInterval = "mean ± 2 SE", string simulatedInterval = "p0.5..p99.5 for n draws", string? caption = null,
        string title = "Calibration: measured against simulated, every row")
    {
        var f = new PlotlyFigure();
        var disagreeing = points.Where(p => p.Agrees == false).Select(p => (p.Environment, p.Row)).ToHashSet();
        string Label(CalibrationPoint p) => CalibrationChart.Label(p, disagreeing);
        var rows = points.Select(Label).Distinct().ToList();
        var height = Math.Max(360, 120 + 34 * rows.Count);
        Plot.Style(f, height);
        var operations = points.Select(p => p.Operation).Distinct().ToList();
        var gap = 0.06;
        var legend = new HashSet<bool>();
        var width = (1.0 - gap * (operations.Count - 1)) / Math.Max(1, operations.Count);
        for (var oi = 0; oi < operations.Count; oi++)
        {
            var suffix = oi == 0 ? "" : (oi + 1).ToString(CultureInfo.InvariantCulture);
            var ps = points.Where(p => p.Operation == operations[oi]).ToList();
            var y = ps.Select(p => Plot.Text(Label(p))).ToArray();
            f.Add("scatter", ("name", Plot.Text($"measured ({measuredInterval})")), ("legendgroup", "measured"), ("showlegend", oi == 0),
                ("mode", "markers"), ("x", ps.Select(p => p.MeasuredMeanUs / 1000).ToArray()), ("y", y),
                ("xaxis", "x" + suffix), ("yaxis", "y" + suffix),
                ("error_x", ErrorBars(ps.Select(p => (p.MeasuredMeanUs, p.MeasuredLowerUs, p.MeasuredUpperUs)), "#000")),
                ("marker", Plot.O(("symbol", "diamond"), ("size", 11), ("color", "#000"))),
                ("hovertemplate", "measured %{x:.3f} ms<extra>%{y}</extra>"));
            foreach (var bad in new[] { false, true })
            {
                var sub = ps.Where(p => (p.Agrees == false) == bad).ToList();
                if (sub.Count == 0) continue;
                var colour = bad ? Disagree : Plot.Colour(0);
                f.Add("scatter", ("name", Plot.Text(bad ? "simulated, does not agree" : $"simulated ({simulatedInterval})")),
                    ("legendgroup", bad ? "disagree" : "simulated"), ("showlegend", legend.Add(bad)),
                    ("mode", "markers"), ("x", sub.Select(p => p.SimulatedMeanUs / 1000).ToArray()), ("y", sub.Select(p => Plot.Text(Label(p))).ToArray()),
                    ("xaxis", "x" + suffix), ("yaxis", "y" + suffix),
                    ("error_x", ErrorBars(sub.Select(p => (p.SimulatedMeanUs, p.SimulatedLowerUs, p.SimulatedUpperUs)), colour)),
                    ("marker", Plot.O(("symbol", bad ? "x" : "circle"), ("size", 10), ("color", colour))),
                    ("customdata", sub.Select(p => 100 * (p.SimulatedMeanUs - p.MeasuredMeanUs) / p.MeasuredMeanUs).ToArray()),
                    ("hovertemplate", "simulated %{x:.3f} ms (%{customdata:+.1f}% vs measured)<extra>%{y}</extra>"));
            }
            var start = oi * (width + gap);
            var xaxis = Plot.Axis($"{operations[oi]}: mean time (ms)");
            xaxis["domain"] = new[] { start, start + width };
            xaxis["anchor"] = "y" + suffix;
            xaxis["rangemode"] = "tozero";
            f.Layout["xaxis" + suffix] = xaxis;
            var yaxis = Plot.Axis("");
            yaxis["type"] = "category";
            yaxis["categoryorder"] = "array";
            yaxis["categoryarray"] = rows.Select(Plot.Text).ToArray();
            yaxis["autorange"] = "reversed";
            yaxis["anchor"] = "x" + suffix;
            if (oi > 0)
            {
                yaxis["showticklabels"] = false;
                yaxis["matches"] = "y"; // the same rows at the same heights in every panel, even where a panel lacks some rows
            }
            f.Layout["yaxis" + suffix] = yaxis;
        }
        f.Layout["scattermode"] = "group";
        f.Layout["scattergap"] = 0.5;
        // The legend about 60 px below the plot area (under the axis titles), whatever the figure's height.
        f.Layout["legend"] = Plot.O(("orientation", "h"), ("y", -60.0 / (height - 150)), ("yanchor", "top"));
        f.Layout["margin"] = Plot.O(("l", 70), ("r", 20), ("t", 30), ("b", 120));
        var disagree = points.Where(p => p.Agrees == false).Select(Label).Distinct().ToList();
        return new ReportFigure(id, title,
            caption ?? $"One row per measured configuration and environment; black diamonds: measured ({measuredInterval}); " +
            $"blue: simulated ({simulatedInterval}); an orange × is a simulated value that does not agree with its row." +
            (disagree.Count > 0 ? $" ✗ marks rows with an operation that does not agree ({disagree.Count})." : ""), f);
    }

    /// <summary>The colour of a simulated point whose row does not agree.</summary>
    public const string Disagree = "#D55E00";

    /// <summary>The row's label: environment and row, with ✗ when any of its operations does not agree.</summary>
    private static string Label(CalibrationPoint p, IReadOnlySet<(string, string)> disagreeing) =>
        $"{p.Environment} · {p.Row}" + (disagreeing.Contains((p.Environment, p.Row)) ? " ✗" : "");

    private static Dictionary<string, object?> ErrorBars(IEnumerable<(double Mean, double? Lower, double? Upper)> xs, string colour)
    {
        var list = xs.ToList();
        return Plot.O(("type", "data"), ("symmetric", false), ("color", colour), ("thickness", 1.5), ("width", 4),
            ("array", list.Select(v => v.Upper is double u ? (u - v.Mean) / 1000 : double.NaN).ToArray()),
            ("arrayminus", list.Select(v => v.Lower is double l ? (v.Mean - l) / 1000 : double.NaN).ToArray()));
    }
}
