using System.Text.RegularExpressions;

namespace XenSwitchSim.Cli.Tests.Reports;

/// <summary>
/// Runs each command that writes a report with small inputs (few runs) and returns the report's path; shared by the
/// CLI tests (which figures are in the HTML) and the browser test (did every figure draw).
/// </summary>
public static class CommandReports
{
    /// <summary>The commands with a report, and the figure ids each must write with the inputs below.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Expected = new Dictionary<string, string[]>
    {
        ["deadline"] = ["exceedance", "figure3", "phases"],
        ["tail"] = ["exceedance"],
        ["compare"] = ["exceedance", "figure3", "phases"],
        ["sweep"] = ["sweep-main-effects", "sweep-interactions"],
        ["validate"] = ["validate-means", "validate-qq-1", "validate-pit-1", "validate-phases"],
        ["calibrate"] = ["calibration", "figure3-old", "phases-old", "figure3-new", "phases-new"],
    };

    public static string Write(string command, TempDir dir, params string[] more)
    {
        var report = dir.File(command + ".html");
        var (code, _, stderr) = CliRunner.Run([.. Arguments(command, dir), .. more, "--report", report]);
        Assert.True(code == 0, $"{command}: exit {code}: {stderr}");
        return report;
    }

    /// <summary>The command's arguments (without --report), its inputs made in <paramref name="dir"/>.</summary>
    public static string[] Arguments(string command, TempDir dir) =>
        command switch
        {
            "deadline" => ["deadline", "--deadline", "30ms", "--metric", "pause", "--runs", "300", "--threads", "1", "--quiet"],
            "tail" => ["tail", "--samples", Samples(dir), "--column", "pause_observed_us", "--deadline", "20ms", "--quiet"],
            "compare" => ["compare", "--b-set", "dom0.cpu_load_procs=4", "--runs", "60", "--threads", "1", "--quiet"],
            "sweep" => ["sweep", "--grid", Grid(dir), "--out", dir.File("sweep.csv"), "--threads", "1", "--quiet"],
            "validate" => ["validate", "--measurements", Emitted(dir), "study:new", "--runs-factor", "2", "--threads", "1", "--quiet"],
            "calibrate" => ["calibrate", "--priors", RepoFile("models", "priors.yaml"), "--reference", RepoFile("models", "reference", "ipsj-os151-2021-measurements.yaml"),
                "--out-dir", ModelsCopy(dir), "--quick", "--no-write", "--quiet"],
            _ => throw new ArgumentException(command, nameof(command)),
        };

    /// <summary>The figure ids in a report's HTML, in order.</summary>
    public static List<string> FigureIds(string html) =>
        Regex.Matches(html, "<section class=\"figure\" id=\"fig-([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();

    private static string Samples(TempDir dir)
    {
        var csv = dir.File("samples.csv");
        var (code, _, stderr) = CliRunner.Run("simulate", "--runs", "300", "--threads", "1", "--quiet", "--samples-csv", csv);
        Assert.True(code == 0, stderr);
        return csv;
    }

    private static string Grid(TempDir dir)
    {
        var grid = dir.File("grid.yaml");
        File.WriteAllText(grid, "parameters:\n  dom0.cpu_load_procs: [0, 4]\n  xl.nice: [0, -20]\n  switch.mechanism: [xl, resident]\nruns_per_cell: 10\ndeadline: 50ms\n");
        return grid;
    }

    private static string Emitted(TempDir dir)
    {
        var set = dir.File("emitted");
        var (code, _, stderr) = CliRunner.Run("simulate", "--runs", "30", "--seed", "3", "--threads", "1", "--quiet", "--emit-measurements", set);
        Assert.True(code == 0, stderr);
        return set;
    }

    /// <summary>calibrate reads the two model templates from --out-dir: a copy, so the repository's models are never touched.</summary>
    private static string ModelsCopy(TempDir dir)
    {
        var d = Directory.CreateDirectory(dir.File("models")).FullName;
        foreach (var name in new[] { "pi4-xen4.13.yaml", "pi4-xen4.14.yaml" }) File.Copy(RepoFile("models", name), Path.Combine(d, name), overwrite: true);
        return d;
    }

    public static string RepoFile(params string[] parts)
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "models", "priors.yaml"))) d = d.Parent;
        Assert.True(d is not null, "models/priors.yaml not found above " + AppContext.BaseDirectory);
        return Path.Combine([d!.FullName, .. parts]);
    }
}
