using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Plotly.NET;
using XenSwitchSim.Cli.Output;

namespace XenSwitchSim.Cli.Reports;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as ONE self-contained HTML file: plotly.js (the copy Plotly.NET ships as a
/// resource) is inlined once in the head, each figure is Plotly.NET's chart fragment (a div and its script), so the
/// page renders with no network. Written atomically (<see cref="AtomicFile"/>).
/// </summary>
public static partial class ReportHtml
{
    /// <summary>The manifest resource name of plotly.js inside Plotly.NET.dll.</summary>
    public const string PlotlyResource = "Plotly.NET.plotly-2.28.0.min.js";

    public const string PlotlyVersion = "2.28.0";

    private static readonly Lazy<string> PlotlyJsText = new(() =>
    {
        using var s = typeof(GenericChart).Assembly.GetManifestResourceStream(PlotlyResource)
            ?? throw new InvalidOperationException($"Plotly.NET has no resource '{PlotlyResource}'");
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd();
    });

    /// <summary>plotly.js itself (about 3.6 MB), for pages that need it (the report, the per-figure PNG pages).</summary>
    public static string PlotlyJs => PlotlyJsText.Value;

    public static void Write(string path, ReportDocument doc) => AtomicFile.Write(path, w => Render(w, doc));

    public static string Render(ReportDocument doc)
    {
        var sw = new StringWriter();
        Render(sw, doc);
        return sw.ToString();
    }

    public static void Render(TextWriter w, ReportDocument doc)
    {
        var h = doc.Header;
        w.WriteLine("<!DOCTYPE html>");
        w.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        w.WriteLine($"<meta name=\"generator\" content=\"xenswitchsim {E(h.ToolVersion)}\">");
        w.WriteLine($"<title>{E(doc.Title)}</title>");
        w.WriteLine($"<style>{Css}</style>");
        w.Write($"<script type=\"text/javascript\">/* plotly.js {PlotlyVersion} (MIT licence), inlined so the report works offline */\n");
        w.Write(PlotlyJs);
        w.WriteLine("\n</script></head>");
        w.WriteLine($"<body data-figures=\"{doc.Figures.Count}\">");
        WriteTitleBlock(w, doc);
        w.WriteLine("<main>");
        foreach (var section in doc.Sections)
        {
            switch (section)
            {
                case ReportFigure f:
                    w.WriteLine($"<section class=\"figure\" id=\"fig-{f.Id}\" data-figure=\"{f.Id}\">");
                    w.WriteLine($"<h2>{E(f.Title)}</h2>");
                    w.WriteLine($"<div class=\"plot\" style=\"min-height:{f.Height}px\">{Fragment(f, null)}</div>");
                    if (f.Caption.Length > 0) w.WriteLine($"<p class=\"caption\">{E(f.Caption)}</p>");
                    w.WriteLine("</section>");
                    break;
                case ReportTable t:
                    WriteTable(w, t);
                    break;
            }
        }
        w.WriteLine("</main>");
        w.WriteLine($"<footer>Made by xenswitchsim {E(h.ToolVersion)} with Plotly.NET and plotly.js {PlotlyVersion}; works offline. Not to be committed: regenerate it.</footer>");
        w.WriteLine("</body></html>");
    }

    /// <summary>
    /// A page holding one figure at a fixed width, loading plotly.js from <paramref name="plotlySrc"/> (a file next
    /// to the page): what <c>--png</c> screenshots.
    /// </summary>
    public static string SingleFigurePage(ReportFigure f, string plotlySrc) =>
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" +
        $"<script type=\"text/javascript\" src=\"{E(plotlySrc)}\"></script>" +
        "<style>html,body{margin:0;padding:0;background:#fff;overflow:hidden}</style></head>" +
        $"<body><section class=\"figure\" id=\"fig-{f.Id}\" data-figure=\"{f.Id}\">{Fragment(f, f.PngWidth)}</section></body></html>";

    /// <summary>Plotly.NET's div + script for the figure, its random element id replaced by a stable one.</summary>
    public static string Fragment(ReportFigure f, int? fixedWidth)
    {
        var fig = f.Figure;
        if (fixedWidth is int width)
        {
            fig = Copy(fig);
            fig.Layout["width"] = width;
        }
        var html = GenericChart.toChartHTML(fig.ToChart(staticImage: fixedWidth is not null));
        var m = GuidId().Match(html);
        if (!m.Success) return html;
        var guid = m.Groups[1].Value;
        return html.Replace(guid, $"plot-{f.Id}", StringComparison.Ordinal)
            .Replace(guid.Replace("-", "", StringComparison.Ordinal), $"plot_{f.Id.Replace('-', '_')}", StringComparison.Ordinal);
    }

    private static PlotlyFigure Copy(PlotlyFigure f)
    {
        var c = new PlotlyFigure();
        c.Traces.AddRange(f.Traces);
        foreach (var (k, v) in f.Layout) c.Layout[k] = v;
        return c;
    }

    [GeneratedRegex("id=\"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\"")]
    private static partial Regex GuidId();

    private static void WriteTitleBlock(TextWriter w, ReportDocument doc)
    {
        var h = doc.Header;
        w.WriteLine("<header class=\"title-block\">");
        w.WriteLine($"<h1>{E(doc.Title)}</h1>");
        w.WriteLine("<dl class=\"facts\">");
        Fact(w, "command", h.Command);
        if (h.Model is not null) Fact(w, "model", h.Model);
        if (h.ModelSha256 is not null) Fact(w, "model sha256", h.ModelSha256, "mono");
        if (h.Seed is ulong seed) Fact(w, "seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (h.Runs is int runs) Fact(w, "runs", runs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (k, v) in h.Extra) Fact(w, k, v);
        Fact(w, "date", h.Date.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
        Fact(w, "tool version", $"xenswitchsim {h.ToolVersion}");
        if (h.CommandLine is not null) Fact(w, "command line", h.CommandLine, "mono");
        w.WriteLine("</dl>");
        if (h.Parameters.Count > 0)
        {
            var changed = h.Parameters.Where(kv => h.Changed.Contains(kv.Key)).Select(kv => $"{kv.Key}={kv.Value}").ToList();
            w.WriteLine($"<p class=\"changed-line\"><b>changed parameters:</b> <span class=\"mono\">{E(changed.Count == 0 ? "none (the model's defaults)" : string.Join(" ", changed))}</span></p>");
            w.WriteLine("<details class=\"parameters\"><summary>all parameters (changed ones in bold)</summary><table>");
            foreach (var (k, v) in h.Parameters)
            {
                var cls = h.Changed.Contains(k) ? " class=\"changed\"" : "";
                w.WriteLine($"<tr{cls}><td class=\"mono\">{E(k)}</td><td class=\"mono\">{E(v)}</td></tr>");
            }
            w.WriteLine("</table></details>");
        }
        if (doc.Notes.Count > 0)
        {
            w.WriteLine("<ul class=\"notes\">");
            foreach (var n in doc.Notes) w.WriteLine($"<li>{E(n)}</li>");
            w.WriteLine("</ul>");
        }
        if (doc.Figures.Count > 0)
        {
            w.WriteLine("<nav><b>figures:</b> " + string.Join(" · ", doc.Figures.Select(f => $"<a href=\"#fig-{f.Id}\">{E(f.Title)}</a>")) + "</nav>");
        }
        w.WriteLine("</header>");
    }

    private static void Fact(TextWriter w, string name, string value, string? cls = null) =>
        w.WriteLine($"<div><dt>{E(name)}</dt><dd{(cls is null ? "" : $" class=\"{cls}\"")}>{E(value)}</dd></div>");

    private static void WriteTable(TextWriter w, ReportTable t)
    {
        w.WriteLine("<section class=\"table\">");
        w.WriteLine($"<h2>{E(t.Title)}</h2><table class=\"numbers\"><thead><tr>");
        foreach (var c in t.Columns) w.Write($"<th>{E(c)}</th>");
        w.WriteLine("</tr></thead><tbody>");
        foreach (var row in t.Rows)
        {
            w.Write("<tr>");
            foreach (var cell in row) w.Write($"<td>{E(cell)}</td>");
            w.WriteLine("</tr>");
        }
        w.WriteLine("</tbody></table></section>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private const string Css =
        "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#222;margin:0 auto;max-width:1200px;padding:16px 24px;background:#fff}" +
        "h1{font-size:1.5em;margin:0 0 .5em}h2{font-size:1.15em;margin:1.2em 0 .3em}" +
        ".title-block{border-bottom:2px solid #0072B2;padding-bottom:8px}" +
        "dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:2px 16px;margin:0}" +
        "dl.facts div{display:flex;gap:8px}dt{font-weight:bold;white-space:nowrap}dd{margin:0;overflow-wrap:anywhere}" +
        ".mono{font-family:'DejaVu Sans Mono',monospace;font-size:.9em}" +
        "details.parameters{margin:.5em 0}details table{border-collapse:collapse;columns:2}details td{padding:0 12px 0 0}" +
        "tr.changed td{font-weight:bold;color:#D55E00}" +
        "ul.notes{background:#f6f6f0;border-left:4px solid #E69F00;padding:6px 6px 6px 28px;margin:.5em 0}" +
        "nav{margin-top:.5em;font-size:.9em}nav a{color:#0072B2}" +
        ".caption{color:#444;font-size:.92em;margin:.2em 0 1em;max-width:1000px}" +
        "section.figure{border-bottom:1px solid #eee}" +
        "table.numbers{border-collapse:collapse;font-size:.9em}table.numbers th,table.numbers td{padding:2px 10px;border-bottom:1px solid #ddd;text-align:right}" +
        "table.numbers th:first-child,table.numbers td:first-child{text-align:left}" +
        "footer{color:#777;font-size:.8em;margin-top:2em}";
}
