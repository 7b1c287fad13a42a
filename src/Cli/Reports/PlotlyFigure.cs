using Plotly.NET;

namespace XenSwitchSim.Cli.Reports;

/// <summary>
/// One plotly.js figure as plain data: traces and layout as nested dictionaries with plotly.js attribute names
/// (https://plotly.com/javascript/reference/ names, e.g. <c>error_y</c>, <c>fill</c>, <c>yaxis.type = "log"</c>).
/// Builders fill it; <see cref="ToChart"/> turns it into a fresh Plotly.NET chart every time it is rendered
/// (Plotly.NET's objects are mutable, so one chart instance is never shared by two renderings).
/// Non-finite numbers become null (a gap) when the chart is made.
/// </summary>
public sealed class PlotlyFigure
{
    public List<Dictionary<string, object?>> Traces { get; } = [];

    public Dictionary<string, object?> Layout { get; } = [];

    /// <summary>Adds a trace of the given plotly.js type and returns it for further attributes.</summary>
    public Dictionary<string, object?> Add(string type, params (string Key, object? Value)[] attributes)
    {
        var t = new Dictionary<string, object?> { ["type"] = type };
        foreach (var (k, v) in attributes) t[k] = v;
        Traces.Add(t);
        return t;
    }

    /// <summary>A layout entry (e.g. "xaxis") as a dictionary, created when absent.</summary>
    public Dictionary<string, object?> LayoutObject(string key)
    {
        if (Layout.TryGetValue(key, out var o) && o is Dictionary<string, object?> d) return d;
        d = [];
        Layout[key] = d;
        return d;
    }

    /// <summary>Adds a layout shape (a line or rectangle in data or paper coordinates).</summary>
    public void AddShape(Dictionary<string, object?> shape)
    {
        if (!Layout.TryGetValue("shapes", out var o) || o is not List<object?> list)
        {
            list = [];
            Layout["shapes"] = list;
        }
        list.Add(shape);
    }

    public void AddAnnotation(Dictionary<string, object?> annotation)
    {
        if (!Layout.TryGetValue("annotations", out var o) || o is not List<object?> list)
        {
            list = [];
            Layout["annotations"] = list;
        }
        list.Add(annotation);
    }

    public IEnumerable<Dictionary<string, object?>> TracesOfType(string type) => Traces.Where(t => (string?)t["type"] == type);

    /// <summary>A new Plotly.NET chart of this figure (no Plotly.NET template: the layout here is the whole style).</summary>
    /// <param name="staticImage">For a PNG: no mode bar, not responsive (the layout's width holds).</param>
    public GenericChart ToChart(bool staticImage = false)
    {
        var traces = Traces.Select(t =>
        {
            var trace = new Trace2D((string)t["type"]!);
            foreach (var (k, v) in t)
                if (k != "type") trace.SetProperty(k, Clean(v));
            return (Trace)trace;
        }).ToList();
        var chart = GenericChart.ofTraceObjects(false, traces);
        var layout = new Layout();
        foreach (var (k, v) in Layout) layout.SetProperty(k, Clean(v));
        chart = GenericChart.setLayout(layout, chart);
        var config = new Config();
        config.SetProperty("responsive", !staticImage);
        config.SetProperty("displaylogo", false);
        if (staticImage) config.SetProperty("displayModeBar", false);
        return GenericChart.setConfig(config, chart);
    }

    /// <summary>Deep copy with non-finite doubles replaced by null, so the page's JavaScript never sees NaN.</summary>
    public static object? Clean(object? v) => v switch
    {
        null => null,
        double d => double.IsFinite(d) ? d : null,
        float f => float.IsFinite(f) ? f : null,
        string s => s,
        Dictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Clean(kv.Value)),
        double[] a => a.Select(x => double.IsFinite(x) ? (object?)x : null).ToArray(),
        double?[] a => a.Select(x => x is double d && double.IsFinite(d) ? (object?)d : null).ToArray(),
        System.Collections.IEnumerable e => e.Cast<object?>().Select(Clean).ToArray(),
        _ => v,
    };
}

/// <summary>Small helpers for plotly.js attribute values.</summary>
public static class Plot
{
    /// <summary>A dictionary from pairs: <c>Plot.O(("color", "red"), ("width", 2))</c>.</summary>
    public static Dictionary<string, object?> O(params (string Key, object? Value)[] pairs)
    {
        var d = new Dictionary<string, object?>();
        foreach (var (k, v) in pairs) d[k] = v;
        return d;
    }

    /// <summary>
    /// Text for plotly labels, which are pseudo-HTML: &lt; &gt; &amp; are escaped so user text (scenario names,
    /// parameter values) shows as typed and can never close the page's script element.
    /// </summary>
    public static string Text(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>A qualitative palette (colour-blind friendly, Okabe-Ito order) for series.</summary>
    public static readonly string[] Palette =
    [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
        "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF",
    ];

    public static string Colour(int i) => Palette[((i % Palette.Length) + Palette.Length) % Palette.Length];

    /// <summary>The colour with an alpha, for bands and boxes: "#0072B2" -> "rgba(0,114,178,0.2)".</summary>
    public static string Alpha(string hex, double alpha)
    {
        var h = hex.TrimStart('#');
        int r = Convert.ToInt32(h[..2], 16), g = Convert.ToInt32(h[2..4], 16), b = Convert.ToInt32(h[4..6], 16);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rgba({r},{g},{b},{alpha})");
    }

    /// <summary>An axis in the report's style (light grid, title).</summary>
    public static Dictionary<string, object?> Axis(string title, string? type = null, bool zeroline = false)
    {
        var a = O(("title", O(("text", Text(title)))), ("gridcolor", "#e5e5e5"), ("linecolor", "#888"),
            ("zeroline", zeroline), ("automargin", true), ("ticks", "outside"));
        if (type is not null) a["type"] = type;
        return a;
    }

    /// <summary>Values spanning more than this factor get a logarithmic axis (<see cref="LogIfWide"/>).</summary>
    public const double LogSpan = 20;

    /// <summary>"log" when the positive finite values span more than <see cref="LogSpan"/>, else null (linear).</summary>
    public static string? LogIfWide(IEnumerable<double> values)
    {
        var v = values.Where(x => double.IsFinite(x) && x > 0).ToList();
        return v.Count > 1 && v.Max() / v.Min() > LogSpan ? "log" : null;
    }

    /// <summary>The numbers of a trace's attribute (e.g. "x"), for range decisions.</summary>
    public static IEnumerable<double> Numbers(Dictionary<string, object?> trace, string key) =>
        trace.TryGetValue(key, out var v) && v is System.Collections.IEnumerable e and not string
            ? e.OfType<double>()
            : [];

    /// <summary>Sets the common layout: white background, legend, margins, height, font.</summary>
    public static void Style(PlotlyFigure f, int height, bool legend = true)
    {
        f.Layout["paper_bgcolor"] = "#ffffff";
        f.Layout["plot_bgcolor"] = "#ffffff";
        f.Layout["height"] = height;
        f.Layout["margin"] = O(("l", 70), ("r", 20), ("t", 30), ("b", 60));
        f.Layout["font"] = O(("family", "DejaVu Sans, Arial, sans-serif"), ("size", 12), ("color", "#222"));
        f.Layout["showlegend"] = legend;
        f.Layout["hovermode"] = "closest";
    }
}
