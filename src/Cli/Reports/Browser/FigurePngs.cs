using XenSwitchSim.Cli.Output;

namespace XenSwitchSim.Cli.Reports.Browser;

/// <summary>
/// --png DIR: each figure of a report as DIR/&lt;figure id&gt;.png, by screenshotting a small page that holds only
/// that figure (plotly.js from a file beside it, so it is written once) in the system's headless Chromium.
/// Each PNG is written atomically.
/// </summary>
public static class FigurePngs
{
    public static IReadOnlyList<string> Write(ReportDocument doc, string directory, Chromium chromium, Action<string>? progress = null)
    {
        var dir = Path.GetFullPath(directory);
        Directory.CreateDirectory(dir);
        var work = Directory.CreateTempSubdirectory("xenswitchsim-png-");
        var written = new List<string>();
        try
        {
            File.WriteAllText(Path.Combine(work.FullName, "plotly.min.js"), ReportHtml.PlotlyJs);
            foreach (var f in doc.Figures)
            {
                var page = Path.Combine(work.FullName, f.Id + ".html");
                File.WriteAllText(page, ReportHtml.SingleFigurePage(f, "plotly.min.js"));
                var png = Path.Combine(dir, f.Id + ".png");
                AtomicFile.WriteVia(png, tmp => chromium.Screenshot(page, tmp, f.PngWidth, f.Height));
                written.Add(png);
                progress?.Invoke(png);
            }
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return written;
    }
}
