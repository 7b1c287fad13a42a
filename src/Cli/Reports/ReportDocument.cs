namespace XenSwitchSim.Cli.Reports;

/// <summary>
/// The title block of a report: what was run, on which model, with which inputs. Every command's report has one;
/// <see cref="Extra"/> carries command-specific lines (deadline, metric, grid file...).
/// </summary>
public sealed record ReportHeader
{
    /// <summary>The command, e.g. "simulate".</summary>
    public required string Command { get; init; }

    public string? Model { get; init; }

    public string? ModelSha256 { get; init; }

    public ulong? Seed { get; init; }

    public int? Runs { get; init; }

    /// <summary>Every scenario parameter (key -> value), in contract order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>Keys whose value differs from the defaults (shown highlighted).</summary>
    public IReadOnlySet<string> Changed { get; init; } = new HashSet<string>();

    /// <summary>Further lines of the title block, in order (e.g. ("deadline", "50 ms")).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extra { get; init; } = [];

    /// <summary>When the report was made (UTC); defaults to now.</summary>
    public DateTimeOffset Date { get; init; } = DateTimeOffset.UtcNow;

    public string ToolVersion { get; init; } = ReportHeader.CurrentToolVersion;

    /// <summary>The command line as given (arguments after the tool's name), for reproducing the report.</summary>
    public string? CommandLine { get; init; }

    public static string CurrentToolVersion =>
        typeof(ReportHeader).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? typeof(ReportHeader).Assembly.GetName().Version?.ToString() ?? "unknown";
}

/// <summary>
/// One figure of a report. <see cref="Id"/> is the element id in the page (letters, digits, '-'), and the PNG file
/// name (<c>Id.png</c>) with <c>--png</c>; <see cref="PngWidth"/> x <see cref="Figure"/>'s height is the PNG's size.
/// </summary>
public sealed record ReportFigure(string Id, string Title, string Caption, PlotlyFigure Figure)
{
    public int PngWidth { get; init; } = 960;

    /// <summary>Height in pixels (the layout's height, else 480).</summary>
    public int Height => Figure.Layout.TryGetValue("height", out var h) && h is int i ? i : 480;
}

/// <summary>A small table of numbers in the report (text cells; the first column left-aligned, the rest right).</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A report: title block, notes, tables and figures, in the order added.</summary>
public sealed class ReportDocument(string title, ReportHeader header)
{
    private readonly List<object> _sections = [];

    public string Title { get; } = title;

    public ReportHeader Header { get; } = header;

    /// <summary>Plain-text remarks shown under the title block (e.g. "no measured row matches this scenario").</summary>
    public List<string> Notes { get; } = [];

    public IReadOnlyList<ReportFigure> Figures => _sections.OfType<ReportFigure>().ToList();

    public IReadOnlyList<object> Sections => _sections;

    public ReportDocument Add(ReportFigure figure)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(figure.Id, "^[A-Za-z][A-Za-z0-9-]*$"))
            throw new ArgumentException($"figure id '{figure.Id}' must be letters, digits and '-', starting with a letter", nameof(figure));
        if (Figures.Any(f => f.Id == figure.Id))
            throw new ArgumentException($"duplicate figure id '{figure.Id}'", nameof(figure));
        _sections.Add(figure);
        return this;
    }

    public ReportDocument Add(IEnumerable<ReportFigure> figures)
    {
        foreach (var f in figures) Add(f);
        return this;
    }

    public ReportDocument Add(ReportTable table)
    {
        _sections.Add(table);
        return this;
    }
}
