using System.Text.RegularExpressions;
using XenSwitchSim.Cli.Reports;
using XenSwitchSim.Cli.Reports.Figures;

namespace XenSwitchSim.Cli.Tests.Reports;

public class ReportHtmlTests
{
    private static ReportDocument Doc()
    {
        var doc = new ReportDocument("t <script>", new ReportHeader
        {
            Command = "simulate",
            Model = "pi4-xen4.14",
            ModelSha256 = "abc123",
            Seed = 7,
            Runs = 100,
            Parameters = [new("xl.nice", "-20"), new("xen.scheduler", "credit2")],
            Changed = new HashSet<string> { "xl.nice" },
            Date = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        });
        doc.Notes.Add("a note with </script>");
        doc.Add(new ReportTable("stats", ["op", "mean"], [["pause", "1.000"]]));
        doc.Add(Sweep.MainEffects([new MainEffect("a </script><b>", 1), new MainEffect("b", -2)], "ms"));
        doc.Add(Validation.Pit([new PitSeries("s", [1, 2, 3, 4, 5, 5, 4, 3, 2, 1])]));
        return doc;
    }

    [Fact]
    public void Plotly_js_is_inlined_once_and_nothing_is_loaded_from_the_network()
    {
        var html = ReportHtml.Render(Doc());
        var plotly = ReportHtml.PlotlyJs;
        Assert.True(plotly.Length > 3_000_000);
        Assert.DoesNotContain("</script", plotly, StringComparison.OrdinalIgnoreCase);
        var probe = plotly.Substring(plotly.Length / 2, 200);
        Assert.Single(Regex.Matches(html, Regex.Escape(probe)));
        Assert.DoesNotMatch("<script[^>]+src=", html);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        // the only remaining CDN address is plotly.js's own default for geo maps, a string, not a load
        Assert.DoesNotContain("src=\"https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_title_block_has_model_hash_seed_parameters_date_and_version_and_user_text_is_escaped()
    {
        var html = ReportHtml.Render(Doc());
        foreach (var s in new[] { "pi4-xen4.14", "abc123", ">7<", ">100<", "2026-01-02 03:04:05 UTC", ReportHeader.CurrentToolVersion, "xl.nice=-20" })
            Assert.Contains(s, html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"changed\"><td class=\"mono\">xl.nice", html, StringComparison.Ordinal);
        Assert.Contains("<title>t &lt;script&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("a note with &lt;/script&gt;", html, StringComparison.Ordinal);
        // in figure data, user text is escaped for plotly's pseudo-HTML, so it cannot end the script element
        var scripts = Regex.Matches(html, "<script type=\"text/javascript\">(.*?)</script>", RegexOptions.Singleline);
        Assert.Equal(3, scripts.Count); // plotly.js + two figures
        Assert.Contains("a &lt;/script&gt;&lt;b&gt;", scripts[1].Groups[1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_figure_has_its_section_and_a_stable_plot_id()
    {
        var html = ReportHtml.Render(Doc());
        Assert.Contains("data-figures=\"2\"", html, StringComparison.Ordinal);
        foreach (var id in new[] { "sweep-main-effects", "validate-pit" })
        {
            Assert.Contains($"<section class=\"figure\" id=\"fig-{id}\" data-figure=\"{id}\">", html, StringComparison.Ordinal);
            Assert.Contains($"<div id=\"plot-{id}\">", html, StringComparison.Ordinal);
            Assert.Contains($"Plotly.newPlot('plot-{id}'", html, StringComparison.Ordinal);
        }
        Assert.DoesNotMatch("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", html[(html.IndexOf("</head>", StringComparison.Ordinal))..]);
        Assert.Equal(ReportHtml.Render(Doc()), html); // deterministic for the same document
    }

    [Fact]
    public void Figures_need_unique_well_formed_ids()
    {
        var doc = Doc();
        Assert.Throws<ArgumentException>(() => doc.Add(Sweep.MainEffects([], "ms")));
        Assert.Throws<ArgumentException>(() => doc.Add(Sweep.MainEffects([], "ms", id: "bad id")));
    }

    [Fact]
    public void The_report_is_written_atomically()
    {
        using var dir = new TempDir();
        var path = dir.File("r.html");
        File.WriteAllText(path, "old");
        ReportHtml.Write(path, Doc());
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(["r.html"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Throws<XenSwitchSim.Models.Errors.InputError>(() => ReportHtml.Write(dir.File("missing/r.html"), Doc()));
    }

    [Fact]
    public void The_single_figure_page_for_png_loads_plotly_from_beside_it_at_a_fixed_width_without_mode_bar()
    {
        var fig = Doc().Figures[0];
        var page = ReportHtml.SingleFigurePage(fig, "plotly.min.js");
        Assert.Contains("src=\"plotly.min.js\"", page, StringComparison.Ordinal);
        Assert.Contains($"\"width\":{fig.PngWidth}", page, StringComparison.Ordinal);
        Assert.Contains("\"displayModeBar\":false", page, StringComparison.Ordinal);
        Assert.True(page.Length < 100_000);
    }
}
