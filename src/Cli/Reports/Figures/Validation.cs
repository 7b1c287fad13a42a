using System.Globalization;
using MathNet.Numerics.Distributions;
using XenSwitchSim.Calibration.Statistics;

namespace XenSwitchSim.Cli.Reports.Figures;

/// <summary>Measured runs and the predictive sample of one scenario and metric, in us (NaN skipped).</summary>
public sealed record QqSeries(string Name, IReadOnlyList<double> MeasuredUs, IReadOnlyList<double> PredictedUs);

/// <summary>The PIT histogram of one scenario and metric: counts in equal bins of [0, 1] (validate's "pit" array).</summary>
public sealed record PitSeries(string Name, IReadOnlyList<int> BinCounts);

/// <summary>validate: predicted against measured distributions, as a quantile-quantile plot and PIT histograms.</summary>
public static class Validation
{
    /// <summary>
    /// Each measured run's value (y) against the predicted quantile at its plotting position (i - 0.5)/n (x, R-7 on
    /// the predictive sample); on the diagonal when the prediction is right.
    /// </summary>
    public static ReportFigure Qq(IReadOnlyList<QqSeries> series, string id = "validate-qq", string? caption = null)
    {
        var f = new PlotlyFigure();
        Plot.Style(f, 540);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var si = 0; si < series.Count; si++)
        {
            var (x, y) = Points(series[si]);
            if (x.Length == 0) continue;
            lo = Math.Min(lo, Math.Min(x.Min(), y.Min()));
            hi = Math.Max(hi, Math.Max(x.Max(), y.Max()));
            f.Add("scatter", ("name", Plot.Text($"{series[si].Name} (n={y.Length})")), ("mode", "markers"),
                ("x", x.Select(v => v / 1000).ToArray()), ("y", y.Select(v => v / 1000).ToArray()),
                ("marker", Plot.O(("color", Plot.Colour(si)), ("size", 7))),
                ("hovertemplate", "predicted %{x:.3f} ms<br>measured %{y:.3f} ms<extra>" + Plot.Text(series[si].Name) + "</extra>"));
        }
        if (double.IsFinite(lo))
        {
            f.Add("scatter", ("name", "measured = predicted"), ("mode", "lines"), ("x", new[] { lo / 1000, hi / 1000 }), ("y", new[] { lo / 1000, hi / 1000 }),
                ("line", Plot.O(("color", "#888"), ("dash", "dash"))), ("hoverinfo", "skip"));
        }
        f.Layout["xaxis"] = Plot.Axis("predicted quantile (ms)");
        f.Layout["yaxis"] = Plot.Axis("measured (ms)");
        f.Layout["legend"] = Plot.O(("orientation", "h"), ("y", -0.15));
        return new ReportFigure(id, "validate: quantile-quantile, measured against predicted",
            caption ?? "Each measured run against the predicted quantile at its rank; points above the dashed line are slower than predicted.", f);
    }

    /// <summary>The smallest k with P(Binomial(n, p) &lt;= k) &gt;= q.</summary>
    public static int BinomialQuantile(double p, int n, double q)
    {
        for (var k = 0; k < n; k++)
            if (Binomial.CDF(p, n, k) >= q) return k;
        return n;
    }

    /// <summary>The QQ points of one series: (predicted quantile, measured value), ascending.</summary>
    public static (double[] Predicted, double[] Measured) Points(QqSeries s)
    {
        var measured = s.MeasuredUs.Where(double.IsFinite).Order().ToArray();
        var predicted = s.PredictedUs.Where(double.IsFinite).Order().ToArray();
        if (measured.Length == 0 || predicted.Length == 0) return ([], []);
        var n = measured.Length;
        return (Enumerable.Range(0, n).Select(i => EmpiricalQuantile.R7(predicted, (i + 0.5) / n)).ToArray(), measured);
    }

    /// <summary>
    /// PIT histograms as fractions of runs per bin, grouped by series, with the uniform expectation 1/bins and the
    /// central 95% range of a bin's fraction under it for the smallest series (binomial).
    /// </summary>
    public static ReportFigure Pit(IReadOnlyList<PitSeries> series, string id = "validate-pit", string? caption = null)
    {
        var f = new PlotlyFigure();
        Plot.Style(f, 460);
        var bins = series.Select(s => s.BinCounts.Count).DefaultIfEmpty(10).Max();
        var centres = Enumerable.Range(0, bins).Select(i => (i + 0.5) / bins).ToArray();
        for (var si = 0; si < series.Count; si++)
        {
            var s = series[si];
            var n = s.BinCounts.Sum();
            f.Add("bar", ("name", Plot.Text($"{s.Name} (n={n})")),
                ("x", centres.Take(s.BinCounts.Count).ToArray()),
                ("y", s.BinCounts.Select(c => n == 0 ? double.NaN : (double)c / n).ToArray()),
                ("customdata", s.BinCounts.ToArray()),
                ("marker", Plot.O(("color", Plot.Colour(si)))),
                ("hovertemplate", "PIT bin %{x:.2f}: %{customdata} runs (%{y:.1%})<extra>" + Plot.Text(s.Name) + "</extra>"));
        }
        var expected = 1.0 / bins;
        var nMin = series.Select(s => s.BinCounts.Sum()).Where(n => n > 0).DefaultIfEmpty(0).Min();
        if (nMin > 0)
        {
            var (lo, hi) = (BinomialQuantile(expected, nMin, 0.025) / (double)nMin, BinomialQuantile(expected, nMin, 0.975) / (double)nMin);
            f.AddShape(Plot.O(("type", "rect"), ("xref", "paper"), ("yref", "y"), ("x0", 0), ("x1", 1), ("y0", lo), ("y1", hi),
                ("fillcolor", "rgba(0,0,0,0.08)"), ("line", Plot.O(("width", 0))), ("layer", "below")));
            f.AddAnnotation(Plot.O(("xref", "paper"), ("yref", "paper"), ("x", 1), ("y", 1), ("xanchor", "right"), ("yanchor", "bottom"), ("showarrow", false),
                ("text", string.Create(CultureInfo.InvariantCulture, $"grey band: 95% range of a bin's fraction under a right prediction (n={nMin}); dashed: the expected 1/{bins}")), ("font", Plot.O(("size", 10), ("color", "#555")))));
        }
        f.AddShape(Plot.O(("type", "line"), ("xref", "paper"), ("yref", "y"), ("x0", 0), ("x1", 1), ("y0", expected), ("y1", expected),
            ("line", Plot.O(("color", "#333"), ("dash", "dash")))));
        var x = Plot.Axis("PIT: the predicted CDF at each measured run");
        x["range"] = new[] { 0.0, 1.0 };
        x["dtick"] = expected;
        f.Layout["xaxis"] = x;
        var y = Plot.Axis("fraction of runs");
        y["tickformat"] = ".0%";
        y["rangemode"] = "tozero";
        f.Layout["yaxis"] = y;
        f.Layout["barmode"] = "group";
        f.Layout["legend"] = Plot.O(("orientation", "h"), ("y", -0.2));
        return new ReportFigure(id, "validate: PIT histograms",
            caption ?? "Flat at the dashed line when the prediction is right; a U shape means the prediction is too narrow, a hump too wide, a slope biased.", f);
    }
}
