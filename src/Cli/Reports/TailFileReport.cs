using System.Globalization;
using System.Security.Cryptography;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Reports.Figures;

namespace XenSwitchSim.Cli.Reports;

/// <summary>
/// tail's report: the samples' file in the title block (no model: the numbers come from the file), the figures and
/// diagnostics as tables, and the exceedance curve of the column with its deadline, empirical and extreme-value parts.
/// </summary>
public static class TailFileReport
{
    public static ReportDocument Build(string file, string column, double[] valuesUs, int skipped, TailReport report, bool deadlineGiven,
        double? targetMissProb, string? commandLine)
    {
        var ci = CultureInfo.InvariantCulture;
        var extra = new List<KeyValuePair<string, string>>
        {
            new("samples", file),
            new("samples sha256", Sha256(file)),
            new("column", column),
            new("values", $"{valuesUs.Length.ToString(ci)} ({skipped.ToString(ci)} empty cells skipped)"),
            new("deadline", (deadlineGiven ? "" : $"sized for P = {targetMissProb?.ToString("G3", ci)}: ") + Commands.TailOutput.Dur(report.DeadlineUs)),
        };
        if (deadlineGiven && targetMissProb is double p) extra.Add(new("target miss probability", p.ToString("G3", ci)));
        var header = new ReportHeader
        {
            Command = "tail",
            Model = "none: the samples come from the file (its sha256 below)",
            Runs = valuesUs.Length,
            Extra = extra,
            CommandLine = commandLine,
        };
        var doc = new ReportDocument($"xenswitchsim tail: {Path.GetFileName(file)}, column {column}", header);
        doc.Notes.Add("tail analyses the numbers in the file as they are: no seed or parameters apply (a simulated file's own provenance is where it was made).");
        doc.Add(TailTables.Figures(report));
        doc.Add(TailTables.Diagnostics(report));
        doc.Add(Exceedance.Build([new ExceedanceSeries(column, valuesUs) { Tail = report }], report.DeadlineUs,
            caption: "Solid steps: the empirical part, P(T > t) counted from the file's values, with a pointwise 95% Clopper-Pearson band (shaded). " +
                (double.IsFinite(report.Diagnostics.TailFit.ThresholdUs) ? "Dashed: the extreme-value part, the POT/GPD tail fitted above its threshold (docs/statistics.md). " : "No extreme-value tail could be fitted (too few values). ") +
                "Markers: the times exceeded with probability 1e-3 ... 1e-12 with their intervals, by method (circles: counted; squares: the tail model; open: extrapolated). " +
                "Star: the miss probability at the deadline. Red dotted line: the deadline" + (deadlineGiven ? "." : " sized for the target miss probability.")));
        return doc;
    }

    private static string Sha256(string file)
    {
        using var s = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}
