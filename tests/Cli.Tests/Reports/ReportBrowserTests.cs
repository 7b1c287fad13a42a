using System.Text.RegularExpressions;
using XenSwitchSim.Cli.Reports.Browser;

namespace XenSwitchSim.Cli.Tests.Reports;

/// <summary>
/// End to end in a real browser: a simulate report rendered by headless Chromium with every host name unresolvable
/// (so it must work offline). Skipped, with the reason shown, where Chromium is absent (.ci/chromium.sh installs it).
/// </summary>
[Collection("console")]
public class ReportBrowserTests
{
    private static Chromium RequireChromium()
    {
        var c = Chromium.Find();
        Skip.If(c is null, $"Chromium is not installed (looked at ${Chromium.EnvironmentVariable}, {string.Join(", ", Chromium.Candidates)}): the browser test needs it; .ci/chromium.sh installs it with apt-get install chromium");
        return c!;
    }

    [SkippableFact]
    public void A_simulate_report_renders_offline_with_every_figure_drawn_and_its_pngs_are_not_blank()
    {
        var chromium = RequireChromium();
        using var dir = new TempDir();
        var report = dir.File("report.html");
        var png = dir.File("png");
        var (code, _, stderr) = CliRunner.Run("simulate", "--runs", "60", "--threads", "1", "--seed", "5", "--quiet",
            "--model", "pi4-xen4.13", "--report", report, "--png", png);
        Assert.True(code == 0, stderr);

        // 1. the DOM after plotly ran: each figure's section holds plotly's SVG (class main-svg)
        var dom = chromium.DumpDom(report);
        var ids = Regex.Matches(File.ReadAllText(report), "<section class=\"figure\" id=\"fig-([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(6, ids.Count);
        var sections = Regex.Split(dom, "<section class=\"figure\"").Skip(1).ToList();
        Assert.Equal(ids.Count, sections.Count);
        foreach (var (id, section) in ids.Zip(sections))
        {
            Assert.Contains($"data-figure=\"{id}\"", section, StringComparison.Ordinal);
            Assert.True(Regex.Matches(section, "class=\"main-svg\"").Count >= 1, $"figure {id} drew no plotly SVG");
            Assert.Contains("class=\"plot-container plotly\"", section, StringComparison.Ordinal);
        }
        Assert.Contains("class=\"scatterlayer", dom, StringComparison.Ordinal);
        Assert.Contains("class=\"barlayer", dom, StringComparison.Ordinal);

        // 2. a screenshot of the page: the figures' area is drawn, not blank
        var shot = dir.File("page.png");
        chromium.Screenshot(report, shot, 1100, 4800, virtualTimeMs: 10000);
        var page = PngImage.Load(shot);
        Assert.Equal(1100, page.Width);
        Assert.True(page.DistinctColours(0, 0.15, 1, 1) > 100, "the page below the title block has almost no colours: figures did not draw");
        Assert.True(page.InkFraction(0xFFFFFF, 0, 0.15, 1, 1) > 0.02, "the page below the title block is blank");

        // 3. --png: one PNG per figure, each with ink inside the plot area
        foreach (var id in ids)
        {
            var img = PngImage.Load(Path.Combine(png, id + ".png"));
            Assert.True(img.Width >= 900 && img.Height >= 300, $"{id}.png is {img.Width}x{img.Height}");
            Assert.True(img.InkFraction(0xFFFFFF, 0.1, 0.1, 0.9, 0.6) > 0.01, $"{id}.png has a blank plot area");
            Assert.True(img.DistinctColours() > 20, $"{id}.png has too few colours to be a chart");
            Assert.True(new FileInfo(Path.Combine(png, id + ".png")).Length < 200_000, $"{id}.png is too large");
        }
        Assert.DoesNotContain(Directory.GetFiles(png), f => f.EndsWith(".tmp.png", StringComparison.Ordinal));
    }

    /// <summary>The plotly layers each command's figures must put in the DOM (bars for phases and effects, a heat map for interactions).</summary>
    private static readonly Dictionary<string, string[]> Layers = new()
    {
        ["deadline"] = ["scatterlayer", "barlayer"],
        ["tail"] = ["scatterlayer"],
        ["compare"] = ["scatterlayer", "barlayer"],
        ["sweep"] = ["barlayer", "heatmaplayer"],
        ["validate"] = ["scatterlayer", "barlayer"],
        ["calibrate"] = ["scatterlayer", "barlayer"],
    };

    [SkippableTheory]
    [InlineData("deadline")]
    [InlineData("tail")]
    [InlineData("compare")]
    [InlineData("sweep")]
    [InlineData("validate")]
    [InlineData("calibrate")]
    public void Each_commands_report_renders_offline_with_every_figure_drawn(string command)
    {
        var chromium = RequireChromium();
        using var dir = new TempDir();
        var report = CommandReports.Write(command, dir);
        var ids = CommandReports.FigureIds(File.ReadAllText(report));
        Assert.Equal(CommandReports.Expected[command], ids);

        var dom = chromium.DumpDom(report);
        var sections = Regex.Split(dom, "<section class=\"figure\"").Skip(1).ToList();
        Assert.Equal(ids.Count, sections.Count);
        foreach (var (id, section) in ids.Zip(sections))
        {
            Assert.Contains($"data-figure=\"{id}\"", section, StringComparison.Ordinal);
            Assert.True(Regex.Matches(section, "class=\"main-svg\"").Count >= 1, $"{command}: figure {id} drew no plotly SVG");
        }
        foreach (var layer in Layers[command])
            Assert.True(dom.Contains($"class=\"{layer}", StringComparison.Ordinal), $"{command}: no {layer} in the rendered page");

        var shot = dir.File("page.png");
        chromium.Screenshot(report, shot, 1100, 3600, virtualTimeMs: 10000);
        var page = PngImage.Load(shot);
        Assert.True(page.DistinctColours(0, 0.15, 1, 1) > 100, $"{command}: the page below the title block has almost no colours: figures did not draw");
        Assert.True(page.InkFraction(0xFFFFFF, 0, 0.15, 1, 1) > 0.02, $"{command}: the page below the title block is blank");
    }
}
