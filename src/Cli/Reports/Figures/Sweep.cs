using System.Globalization;

namespace XenSwitchSim.Cli.Reports.Figures;

/// <summary>
/// A parameter's main effect on the sweep's metric, in the metric's display unit (e.g. ms, or a probability), with an
/// optional interval.
/// </summary>
public sealed record MainEffect(string Parameter, double Effect, double? Lower = null, double? Upper = null);

/// <summary>The two-way interaction of two parameters on the metric, in the metric's display unit.</summary>
public sealed record Interaction(string ParameterA, string ParameterB, double Effect);

/// <summary>Sweep figures: ranked main effects, the interaction matrix, and a metric map over two parameters' levels.</summary>
public static class Sweep
{
    /// <summary>Horizontal bars ranked by |effect| (largest on top), coloured by sign.</summary>
    public static ReportFigure MainEffects(IReadOnlyList<MainEffect> effects, string metric, string id = "sweep-main-effects", string? caption = null)
    {
        var f = new PlotlyFigure();
        var ranked = effects.OrderByDescending(e => Math.Abs(e.Effect)).ToList();
        Plot.Style(f, Math.Max(300, 110 + 30 * ranked.Count), legend: false);
        var bar = f.Add("bar", ("orientation", "h"),
            ("y", ranked.Select(e => Plot.Text(e.Parameter)).ToArray()),
            ("x", ranked.Select(e => e.Effect).ToArray()),
            ("marker", Plot.O(("color", ranked.Select(e => e.Effect >= 0 ? "#D55E00" : "#0072B2").ToArray()))),
            ("hovertemplate", "%{y}: %{x:.4g}<extra></extra>"));
        if (ranked.Any(e => e.Lower is not null || e.Upper is not null))
        {
            bar["error_x"] = Plot.O(("type", "data"), ("symmetric", false), ("color", "#333"),
                ("array", ranked.Select(e => e.Upper is double u ? u - e.Effect : double.NaN).ToArray()),
                ("arrayminus", ranked.Select(e => e.Lower is double l ? e.Effect - l : double.NaN).ToArray()));
        }
        f.Layout["xaxis"] = Plot.Axis($"main effect on {metric}", zeroline: true);
        var y = Plot.Axis("");
        y["autorange"] = "reversed";
        f.Layout["yaxis"] = y;
        return new ReportFigure(id, $"Sweep: main effects on {metric}, ranked",
            caption ?? "Each bar: how much the metric changes across the parameter's levels, averaged over the other parameters (orange: up, blue: down), largest first.", f);
    }

    /// <summary>A symmetric matrix of the two-way interactions (diverging colours centred on 0; the diagonal is empty).</summary>
    public static ReportFigure Interactions(IReadOnlyList<Interaction> interactions, string metric, string id = "sweep-interactions", string? caption = null)
    {
        var f = new PlotlyFigure();
        var names = interactions.SelectMany(i => new[] { i.ParameterA, i.ParameterB }).Distinct().ToList();
        Plot.Style(f, Math.Max(360, 160 + 40 * names.Count), legend: false);
        var z = new double[names.Count][];
        for (var r = 0; r < names.Count; r++) z[r] = Enumerable.Repeat(double.NaN, names.Count).ToArray();
        foreach (var i in interactions)
        {
            int a = names.IndexOf(i.ParameterA), b = names.IndexOf(i.ParameterB);
            z[a][b] = i.Effect;
            z[b][a] = i.Effect;
        }
        var max = interactions.Select(i => Math.Abs(i.Effect)).DefaultIfEmpty(1).Max();
        var labels = names.Select(Plot.Text).ToArray();
        f.Add("heatmap", ("x", labels), ("y", labels), ("z", z),
            ("zmid", 0), ("zmin", -max), ("zmax", max), ("colorscale", "RdBu"),
            ("colorbar", Plot.O(("title", Plot.O(("text", Plot.Text(metric)))))),
            ("text", z.Select(row => row.Select(v => double.IsFinite(v) ? v.ToString("G3", CultureInfo.InvariantCulture) : "").ToArray()).ToArray()),
            ("texttemplate", "%{text}"), ("hovertemplate", "%{y} × %{x}: %{z:.4g}<extra></extra>"), ("hoverongaps", false));
        var x = Plot.Axis("");
        x["tickangle"] = -30;
        f.Layout["xaxis"] = x;
        var y = Plot.Axis("");
        y["autorange"] = "reversed";
        f.Layout["yaxis"] = y;
        return new ReportFigure(id, $"Sweep: two-way interactions on {metric}",
            caption ?? "Each cell: the interaction of two parameters (how much one's effect changes with the other's level); red: they add up to more than their separate effects, blue: to less.", f);
    }

    /// <summary>The metric over the grid of two parameters' levels (other parameters averaged or fixed by the caller); null cells are infeasible or missing.</summary>
    public static ReportFigure CellMap(string parameterA, IReadOnlyList<string> levelsA, string parameterB, IReadOnlyList<string> levelsB,
        double?[,] values, string metric, string id = "sweep-map", string? caption = null)
    {
        var f = new PlotlyFigure();
        Plot.Style(f, Math.Max(360, 160 + 40 * levelsA.Count), legend: false);
        var z = Enumerable.Range(0, levelsA.Count)
            .Select(a => Enumerable.Range(0, levelsB.Count).Select(b => values[a, b] ?? double.NaN).ToArray()).ToArray();
        f.Add("heatmap", ("x", levelsB.Select(Plot.Text).ToArray()), ("y", levelsA.Select(Plot.Text).ToArray()), ("z", z),
            ("colorscale", "Viridis"), ("colorbar", Plot.O(("title", Plot.O(("text", Plot.Text(metric)))))),
            ("text", z.Select(row => row.Select(v => double.IsFinite(v) ? v.ToString("G3", CultureInfo.InvariantCulture) : "infeasible").ToArray()).ToArray()),
            ("texttemplate", "%{text}"), ("hovertemplate", Plot.Text(parameterA) + "=%{y}, " + Plot.Text(parameterB) + "=%{x}: %{z:.4g}<extra></extra>"));
        var x = Plot.Axis(parameterB);
        x["type"] = "category";
        f.Layout["xaxis"] = x;
        var y = Plot.Axis(parameterA);
        y["type"] = "category";
        f.Layout["yaxis"] = y;
        return new ReportFigure(id, $"Sweep: {metric} over {parameterA} × {parameterB}",
            caption ?? "The metric in each cell of the two parameters' grid; empty cells are infeasible.", f);
    }
}
