using System.Globalization;
using XenSwitchSim.Calibration.Statistics;

namespace XenSwitchSim.Cli.Reports.Figures;

/// <summary>
/// One exceedance curve: the samples (us; NaN skipped) and, optionally, the tail analysis of the same samples
/// (<see cref="TailReport"/> from <c>TailAnalysis.Analyze</c>), whose GPD fit, levels and miss probability are drawn
/// as the extreme-value part. <see cref="Visible"/> false shows the curve only when clicked in the legend.
/// </summary>
public sealed record ExceedanceSeries(string Name, IReadOnlyList<double> SamplesUs)
{
    public TailReport? Tail { get; init; }

    public bool Visible { get; init; } = true;

    /// <summary>Whether to draw the tail report's miss probability at its deadline (off where the deadline was only a sizing target).</summary>
    public bool ShowMissProbability { get; init; } = true;

    /// <summary>
    /// Importance-sampling weights, one per sample (null: every run counts 1): the curve is then (1/n) sum of the
    /// weights beyond t, drawn without the Clopper-Pearson band (it does not apply to weighted counts).
    /// </summary>
    public IReadOnlyList<double>? Weights { get; init; }
}

/// <summary>
/// The exceedance curve P(T &gt; t) on a log axis: the empirical survival function as a step line with a pointwise
/// Clopper-Pearson band (the empirical part), the POT/GPD fit above its threshold as a dashed line, the level table's
/// times with their intervals as markers (filled: empirical or GPD within the data's reach; open: extrapolated),
/// the miss probability at the deadline with its interval, and the deadline as a vertical line.
/// </summary>
public static class Exceedance
{
    /// <summary>Every point of the top tail is drawn up to this many exceedances; the body is thinned to about as many points.</summary>
    public const int TailPoints = 1000;

    public static ReportFigure Build(IReadOnlyList<ExceedanceSeries> series, double? deadlineUs = null, double confidence = 0.95,
        string id = "exceedance", string title = "Exceedance curve P(T > t)", string? caption = null)
    {
        var f = new PlotlyFigure();
        Plot.Style(f, 540);
        double minP = 1;
        for (var si = 0; si < series.Count; si++)
        {
            var s = series[si];
            var colour = Plot.Colour(si);
            var visible = s.Visible ? (object)true : "legendonly";
            if (s.Weights is { } weights)
            {
                AddWeighted(f, s, weights, colour, visible, ref minP);
                continue;
            }
            var sorted = s.SamplesUs.Where(double.IsFinite).Order().ToArray();
            var n = sorted.Length;
            if (n == 0) continue;
            var pts = CurvePoints(sorted);
            minP = Math.Min(minP, 1.0 / n);
            var x = pts.Select(p => p.X / 1000).ToArray();
            var band = pts.Select(p => p.K == 0 ? new Bounds(double.NaN, double.NaN) : BinomialInterval.ClopperPearson(p.K, n, confidence)).ToArray();
            var group = Plot.Text(s.Name);
            f.Add("scatter", ("name", $"{group}: {confidence:P0} band"), ("legendgroup", group), ("showlegend", false), ("visible", visible),
                ("x", x), ("y", band.Select(b => b.Upper).ToArray()), ("mode", "lines"),
                ("line", Plot.O(("width", 0), ("shape", "hv"), ("color", colour))), ("hoverinfo", "skip"));
            f.Add("scatter", ("name", $"{group}: {confidence:P0} Clopper-Pearson band"), ("legendgroup", group), ("showlegend", false), ("visible", visible),
                ("x", x), ("y", band.Select(b => b.Lower).ToArray()), ("mode", "lines"), ("fill", "tonexty"),
                ("fillcolor", Plot.Alpha(colour, 0.18)), ("line", Plot.O(("width", 0), ("shape", "hv"), ("color", colour))), ("hoverinfo", "skip"));
            f.Add("scatter", ("name", $"{group} (empirical, n={n})"), ("legendgroup", group), ("visible", visible),
                ("x", x), ("y", pts.Select(p => p.P).ToArray()), ("mode", "lines"),
                ("line", Plot.O(("width", 2), ("shape", "hv"), ("color", colour))),
                ("hovertemplate", "t = %{x:.3f} ms<br>P(T > t) = %{y:.3g}<extra>" + group + "</extra>"));

            if (s.Tail is { } tail) AddTail(f, tail, group, colour, visible, s.ShowMissProbability, ref minP);
        }

        if (deadlineUs is double d && double.IsFinite(d))
        {
            f.AddShape(Plot.O(("type", "line"), ("xref", "x"), ("yref", "paper"), ("x0", d / 1000), ("x1", d / 1000), ("y0", 0), ("y1", 1),
                ("line", Plot.O(("color", "#c00"), ("width", 2), ("dash", "dot")))));
            f.AddAnnotation(Plot.O(("x", d / 1000), ("y", 1), ("xref", "x"), ("yref", "paper"), ("yanchor", "bottom"), ("showarrow", false),
                ("text", string.Create(CultureInfo.InvariantCulture, $"deadline {d / 1000:G6} ms")), ("font", Plot.O(("color", "#c00")))));
        }

        // Times on a log axis once they span more than a factor of 20 (heavy tails, extrapolated levels); error bars
        // reaching beyond the drawn levels are clipped at the frame.
        var times = f.Traces.Where(t => !(t.TryGetValue("hoverinfo", out var h) && (string?)h == "skip")).SelectMany(t => Plot.Numbers(t, "x"))
            .Where(v => double.IsFinite(v) && v > 0).ToList();
        if (deadlineUs is double dl && dl > 0) times.Add(dl / 1000);
        var xtype = Plot.LogIfWide(times);
        var xaxis = Plot.Axis(xtype is null ? "t (ms)" : "t (ms, log scale)", xtype);
        if (times.Count > 1)
        {
            double lo = times.Min(), hi = times.Max();
            xaxis["range"] = xtype is null
                ? new[] { Math.Max(0, lo - 0.05 * (hi - lo)), hi + 0.05 * (hi - lo) }
                : new[] { Math.Log10(lo) - 0.05, Math.Log10(hi) + 0.1 };
        }
        f.Layout["xaxis"] = xaxis;
        var decades = Math.Floor(Math.Log10(minP)) - 1;
        f.Layout["yaxis"] = Plot.O(("title", Plot.O(("text", "P(T > t)"))), ("type", "log"), ("exponentformat", "power"),
            ("range", new[] { decades, 0.05 }), ("gridcolor", "#e5e5e5"), ("linecolor", "#888"), ("automargin", true), ("ticks", "outside"));
        f.Layout["legend"] = Plot.O(("orientation", "h"), ("y", -0.18));
        var text = caption ?? "Solid steps: the empirical P(T > t) with a pointwise " + confidence.ToString("P0", CultureInfo.InvariantCulture) +
            " Clopper-Pearson band (shaded); " +
            "dashed: the extreme-value (POT/GPD) tail fitted above its threshold; markers: the times exceeded with probability 1e-3, 1e-6, ... " +
            "with their intervals (filled = within the data's reach, open = extrapolated beyond it); the red dotted line is the deadline.";
        return new ReportFigure(id, title, text, f);
    }

    /// <summary>The points (x, P(T &gt; x), k = #(T &gt; x)) drawn for an ascending sample: every distinct value in the top tail, the body thinned.</summary>
    public static IReadOnlyList<(double X, double P, int K)> CurvePoints(double[] sorted)
    {
        var n = sorted.Length;
        var pts = new List<(double, double, int)> { (sorted[0], 1.0, n) };
        var bodyEnd = Math.Max(0, n - TailPoints);
        var step = Math.Max(1, bodyEnd / TailPoints);
        for (var i = 0; i < n; i++)
        {
            if (i < bodyEnd && i % step != 0) continue;
            if (i + 1 < n && sorted[i + 1] == sorted[i]) continue; // a tie: the survival changes only after the last copy
            var k = n - 1 - i;
            if (k == 0)
            {
                // beyond the maximum P is 0, which a log axis cannot show: end the last step at the maximum instead
                var last = pts[^1];
                pts.Add((sorted[i], last.Item2, last.Item3));
                break;
            }
            pts.Add((sorted[i], (double)k / n, k));
        }
        return pts;
    }

    /// <summary>The weighted empirical curve P(T &gt; t) = (1/n) sum of w_i over x_i &gt; t (importance sampling), with the tail report's parts.</summary>
    private static void AddWeighted(PlotlyFigure f, ExceedanceSeries s, IReadOnlyList<double> weights, string colour, object visible, ref double minP)
    {
        if (weights.Count != s.SamplesUs.Count) throw new ArgumentException($"{s.Name}: {weights.Count} weights for {s.SamplesUs.Count} samples", nameof(s));
        var pairs = s.SamplesUs.Select((x, i) => (X: x, W: weights[i])).Where(p => double.IsFinite(p.X) && double.IsFinite(p.W)).OrderBy(p => p.X).ToArray();
        var n = pairs.Length;
        if (n == 0) return;
        var beyond = new double[n]; // beyond[i] = sum of the weights of the samples after i (larger x)
        for (var i = n - 2; i >= 0; i--) beyond[i] = beyond[i + 1] + pairs[i + 1].W;
        var sorted = pairs.Select(p => p.X).ToArray();
        var total = pairs.Sum(p => p.W);
        // CurvePoints' K is the number of samples beyond X: the weights beyond are those after index n-1-K.
        var pts = CurvePoints(sorted).Select(p => (p.X, P: (p.K >= n ? total : beyond[n - 1 - p.K]) / n)).Where(p => p.P > 0).ToList();
        if (pts.Count == 0) return;
        minP = Math.Min(minP, pts.Min(p => p.P));
        var group = Plot.Text(s.Name);
        f.Add("scatter", ("name", $"{group} (importance-weighted, n={n})"), ("legendgroup", group), ("visible", visible),
            ("x", pts.Select(p => p.X / 1000).ToArray()), ("y", pts.Select(p => p.P).ToArray()), ("mode", "lines"),
            ("line", Plot.O(("width", 2), ("shape", "hv"), ("color", colour))),
            ("hovertemplate", "t = %{x:.3f} ms<br>P(T > t) = %{y:.3g} (weighted)<extra>" + group + "</extra>"));
        if (s.Tail is { } tail) AddTail(f, tail, group, colour, visible, s.ShowMissProbability, ref minP);
    }

    private static void AddTail(PlotlyFigure f, TailReport tail, string group, string colour, object visible, bool showMiss, ref double minP)
    {
        var fit = tail.Diagnostics.TailFit;
        if (double.IsFinite(fit.ThresholdUs) && double.IsFinite(fit.Xi) && double.IsFinite(fit.SigmaUs) && fit.NExceed > 0 && tail.N > 0)
        {
            var zeta = (double)fit.NExceed / tail.N;
            var gpd = new GeneralizedPareto(fit.SigmaUs, fit.Xi);
            var pEnd = tail.Levels.Select(l => l.Exceedance).Where(p => p > 0).DefaultIfEmpty(1e-9).Min();
            pEnd = Math.Min(pEnd, zeta / 10);
            var ps = new List<double>();
            for (var lp = Math.Log10(zeta); lp >= Math.Log10(pEnd) - 1e-9; lp -= 0.05) ps.Add(Math.Pow(10, lp));
            var xs = ps.Select(p => (fit.ThresholdUs + gpd.InverseSurvival(Math.Min(1, p / zeta))) / 1000).ToArray();
            minP = Math.Min(minP, pEnd);
            f.Add("scatter", ("name", string.Create(CultureInfo.InvariantCulture,
                    $"{group}: GPD tail above {fit.ThresholdUs / 1000:G4} ms (ξ={fit.Xi:G3}, σ={fit.SigmaUs / 1000:G3} ms, {fit.NExceed} exceedances{(fit.Pass ? "" : ", fit check failed")})")),
                ("legendgroup", group), ("visible", visible), ("x", xs), ("y", ps.ToArray()), ("mode", "lines"),
                ("line", Plot.O(("width", 2), ("dash", "dash"), ("color", colour))),
                ("hovertemplate", "GPD: t = %{x:.3f} ms<br>P(T > t) = %{y:.3g}<extra>" + group + "</extra>"));
        }

        foreach (var byMethod in tail.Levels.Where(l => double.IsFinite(l.TimeUs) && l.Exceedance > 0).GroupBy(l => l.Method))
        {
            var levels = byMethod.ToList();
            minP = Math.Min(minP, levels.Min(l => l.Exceedance));
            var open = byMethod.Key == TailMethod.Extrapolated;
            f.Add("scatter", ("name", $"{group}: levels ({byMethod.Key})"), ("legendgroup", group), ("visible", visible), ("mode", "markers"),
                ("x", levels.Select(l => l.TimeUs / 1000).ToArray()), ("y", levels.Select(l => l.Exceedance).ToArray()),
                ("error_x", Plot.O(("type", "data"), ("symmetric", false), ("color", colour),
                    ("array", levels.Select(l => (l.UpperUs - l.TimeUs) / 1000).ToArray()),
                    ("arrayminus", levels.Select(l => (l.TimeUs - l.LowerUs) / 1000).ToArray()))),
                ("marker", Plot.O(("size", 10), ("color", open ? "#fff" : colour), ("symbol", byMethod.Key == TailMethod.EmpiricalClopperPearson ? "circle" : "square"),
                    ("line", Plot.O(("width", 2), ("color", colour))))),
                ("hovertemplate", "P = %{y:.0e}: t = %{x:.3f} ms<extra>" + Plot.Text(byMethod.Key) + "</extra>"));
        }

        var m = tail.MissProb;
        if (showMiss && double.IsFinite(tail.DeadlineUs) && double.IsFinite(m.Estimate) && m.Estimate > 0)
        {
            minP = Math.Min(minP, m.Lower > 0 ? m.Lower : m.Estimate);
            f.Add("scatter", ("name", string.Create(CultureInfo.InvariantCulture, $"{group}: miss probability {m.Estimate:G3} [{m.Lower:G3}, {m.Upper:G3}] ({m.Method})")),
                ("legendgroup", group), ("visible", visible), ("mode", "markers"),
                ("x", new[] { tail.DeadlineUs / 1000 }), ("y", new[] { m.Estimate }),
                ("error_y", Plot.O(("type", "data"), ("symmetric", false), ("color", "#c00"),
                    ("array", new[] { m.Upper - m.Estimate }), ("arrayminus", new[] { m.Estimate - m.Lower }))),
                ("marker", Plot.O(("size", 12), ("symbol", "star"), ("color", "#c00"), ("line", Plot.O(("width", 1), ("color", "#000"))))));
        }
    }
}
