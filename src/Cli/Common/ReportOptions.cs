using System.CommandLine;
using System.Globalization;
using XenSwitchSim.Cli.Reports;
using XenSwitchSim.Cli.Reports.Browser;

namespace XenSwitchSim.Cli.Common;

/// <summary>
/// <c>--report FILE.html</c> and <c>--png DIR</c>, for any command: add them with <see cref="AddTo"/>, call
/// <see cref="Prepare"/> before the long work (it fails fast on a missing directory or a missing Chromium), build a
/// <see cref="ReportDocument"/> when <see cref="ReportRequest.Wanted"/>, and hand it to <see cref="ReportRequest.Write"/>.
/// </summary>
public sealed class ReportOptions
{
    public Option<FileInfo?> Report { get; } = new("--report")
    {
        Description = "Write a self-contained HTML report (plotly.js inlined: opens offline) with the figures of this command.",
        HelpName = "FILE.html",
    };

    public Option<DirectoryInfo?> Png { get; } = new("--png")
    {
        Description = "Write each figure as DIR/<figure>.png through the system's headless Chromium (never downloaded; see docs/cli.md).",
        HelpName = "DIR",
    };

    public void AddTo(Command c)
    {
        c.Options.Add(Report);
        c.Options.Add(Png);
    }

    /// <summary>Checks the outputs can be written (exit 2 for a bad path, 1 when --png has no Chromium) before any work is done.</summary>
    public ReportRequest Prepare(ParseResult pr)
    {
        var report = pr.GetValue(Report);
        var png = pr.GetValue(Png);
        if (report is not null) Output.AtomicFile.CheckWritable(report.FullName, "--report");
        if (png is not null && !png.Exists && png.Parent is { Exists: false } parent)
            throw new Models.Errors.InputError(Models.Errors.SourceLocation.Of("--png"), $"directory '{parent.FullName}' does not exist",
                "expected --png to name a directory whose parent exists (it is created if needed)");
        Chromium? chromium = null;
        if (png is not null && (chromium = Chromium.Find()) is null) throw new MissingBrowserException(Chromium.InstallHint);
        var line = string.Join(' ', pr.Tokens.Select(t => t.Value.Any(char.IsWhiteSpace) ? $"\"{t.Value}\"" : t.Value));
        return new ReportRequest(report?.FullName, png?.FullName, chromium, "xenswitchsim " + line);
    }
}

/// <summary>--png was asked for but no Chromium is installed: a run-time failure (exit 1) with the install hint.</summary>
public sealed class MissingBrowserException(string message) : Exception(message);

/// <summary>What the user asked for: an HTML file, a PNG directory, or neither.</summary>
public sealed record ReportRequest(string? HtmlPath, string? PngDirectory, Chromium? Chromium, string CommandLine)
{
    public bool Wanted => HtmlPath is not null || PngDirectory is not null;

    /// <summary>Writes what was asked for; reports each file on <paramref name="log"/> (stderr; null for --quiet).</summary>
    public void Write(ReportDocument doc, TextWriter? log)
    {
        if (HtmlPath is not null)
        {
            ReportHtml.Write(HtmlPath, doc);
            var mb = new FileInfo(HtmlPath).Length / 1e6;
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report: wrote {HtmlPath} ({doc.Figures.Count} figures, {mb:F1} MB; opens offline)"));
        }
        if (PngDirectory is not null && Chromium is not null)
        {
            var files = FigurePngs.Write(doc, PngDirectory, Chromium);
            log?.WriteLine($"report: wrote {files.Count} PNGs to {PngDirectory} ({string.Join(", ", files.Select(Path.GetFileName))})");
        }
    }
}
