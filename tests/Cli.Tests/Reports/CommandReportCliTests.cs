using System.Text.Json;

namespace XenSwitchSim.Cli.Tests.Reports;

/// <summary>--report on deadline, tail, compare, sweep, validate and calibrate through the command line: the figures each writes.</summary>
[Collection("console")]
public class CommandReportCliTests
{
    private static string Html(string path)
    {
        Assert.True(File.Exists(path), $"no report at {path}");
        return File.ReadAllText(path);
    }

    private static void HasFigures(string command, string html)
    {
        Assert.Equal(CommandReports.Expected[command], CommandReports.FigureIds(html));
        Assert.Contains("Plotly.newPlot", html, StringComparison.Ordinal);
        Assert.Contains($"xenswitchsim {command}", html, StringComparison.Ordinal); // title and command line
    }

    [Fact]
    public void Deadline_draws_the_exceedance_with_its_deadline_and_gpd_part_and_figure3_and_phases_for_a_pause()
    {
        using var dir = new TempDir();
        var html = Html(CommandReports.Write("deadline", dir));
        HasFigures("deadline", html);
        Assert.Contains("pause (true) (empirical, n=300)", html, StringComparison.Ordinal);
        Assert.Contains("deadline 30 ms", html, StringComparison.Ordinal);                 // the deadline line's label
        Assert.Contains("pause (true): GPD tail above", html, StringComparison.Ordinal);     // the extreme-value part
        Assert.Contains("Clopper-Pearson band", html, StringComparison.Ordinal);            // the empirical part's band
        Assert.Contains("gpd-pot-profile", html, StringComparison.Ordinal);                 // methods named in the table
        Assert.Contains("this scenario (simulated, n=300)", html, StringComparison.Ordinal); // Figure 3's points
        Assert.Contains("model sha256", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Deadline_on_the_switch_with_importance_sampling_draws_the_weighted_curve_only_and_says_why()
    {
        using var dir = new TempDir();
        var report = dir.File("d.html");
        var (code, stdout, stderr) = CliRunner.Run("deadline", "--miss-prob", "1e-3", "--runs", "40", "--threads", "1", "--importance-sampling", "--json", "--report", report);
        Assert.True(code == 0, stderr);
        using (JsonDocument.Parse(stdout)) { } // stdout is still the one JSON object
        Assert.Contains("report: wrote", stderr, StringComparison.Ordinal);
        var html = Html(report);
        Assert.Equal(["exceedance"], CommandReports.FigureIds(html));
        Assert.Contains("switch (true) (importance-weighted, n=40)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Clopper-Pearson band\"", html, StringComparison.Ordinal);
        Assert.Contains("importance-sampled runs come from tilted laws", html, StringComparison.Ordinal);
        Assert.Contains("sized for P = 0.001", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Tail_draws_the_exceedance_of_the_column_and_names_the_file_by_its_hash()
    {
        using var dir = new TempDir();
        var html = Html(CommandReports.Write("tail", dir));
        HasFigures("tail", html);
        Assert.Contains("pause_observed_us (empirical, n=300)", html, StringComparison.Ordinal);
        Assert.Contains("pause_observed_us: GPD tail above", html, StringComparison.Ordinal);
        Assert.Contains("deadline 20 ms", html, StringComparison.Ordinal);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(dir.File("samples.csv"))));
        Assert.Contains(sha, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_overlays_both_sides_and_colours_figure3_and_the_phase_bars_by_side()
    {
        using var dir = new TempDir();
        var html = Html(CommandReports.Write("compare", dir));
        HasFigures("compare", html);
        foreach (var side in new[] { "a", "b" })
        {
            Assert.Contains($"{side}: switch (true) (empirical, n=60)", html, StringComparison.Ordinal);
            Assert.Contains($"{side} (simulated, n=60)", html, StringComparison.Ordinal);
        }
        Assert.Contains("dom0.cpu_load_procs=4", html, StringComparison.Ordinal); // side b's change in the title block
        Assert.Contains("multicategory", html, StringComparison.Ordinal);          // phase bars: side by side per scenario
        Assert.Contains("paired bootstrap", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_and_sweep_effects_draw_main_effects_and_interactions_and_a_shard_is_refused_before_running()
    {
        using var dir = new TempDir();
        var html = Html(CommandReports.Write("sweep", dir));
        HasFigures("sweep", html);
        foreach (var factor in new[] { "dom0.cpu_load_procs", "xl.nice", "switch.mechanism" }) Assert.Contains(factor + " (", html, StringComparison.Ordinal);
        Assert.Contains("\"heatmap\"", html, StringComparison.Ordinal);

        var effects = dir.File("effects.html");
        var (code, _, stderr) = CliRunner.Run("sweep", "effects", dir.File("sweep.csv"), "--response", "p99_us", "--log", "--quiet", "--report", effects);
        Assert.True(code == 0, stderr);
        var e = Html(effects);
        Assert.Equal(CommandReports.Expected["sweep"], CommandReports.FigureIds(e));
        Assert.Contains("ln(p99_us)", e, StringComparison.Ordinal);

        var part = dir.File("part.csv");
        var (c2, _, err2) = CliRunner.Run("sweep", "--grid", dir.File("grid.yaml"), "--shard", "1/2", "--out", part, "--report", dir.File("part.html"));
        Assert.Equal(2, c2);
        Assert.Contains("sweep effects FILE.csv --report", err2, StringComparison.Ordinal);
        Assert.False(File.Exists(part));
    }

    [Fact]
    public void Validate_draws_means_qq_pit_and_phases_of_a_raw_set_and_a_study_table()
    {
        using var dir = new TempDir();
        var html = Html(CommandReports.Write("validate", dir));
        HasFigures("validate", html);
        Assert.Contains("set · emitted", html, StringComparison.Ordinal);            // the raw set's row in the means chart
        Assert.Contains("study/new · comparison-baseline", html, StringComparison.Ordinal);
        Assert.Contains("pause (n=30)", html, StringComparison.Ordinal);             // QQ and PIT series of the raw set's totals
        Assert.Contains("measured = predicted", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibrate_writes_html_for_an_html_path_and_markdown_otherwise()
    {
        using var dir = new TempDir();
        var html = Html(CommandReports.Write("calibrate", dir));
        HasFigures("calibrate", html);
        Assert.Contains("old · baseline", html, StringComparison.Ordinal);             // a row of the measured-vs-simulated chart
        Assert.Contains("baseline: measured min..max", html, StringComparison.Ordinal); // Figure 3's box of an old row
        Assert.Contains("not written: --no-write", html, StringComparison.Ordinal);

        var md = dir.File("calibration.md");
        var (code, _, stderr) = CliRunner.Run([.. CommandReports.Arguments("calibrate", dir), "--report", md]);
        Assert.True(code == 0, stderr);
        var text = File.ReadAllText(md);
        Assert.StartsWith("# Calibration report", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("deadline")]
    [InlineData("tail")]
    [InlineData("compare")]
    [InlineData("sweep")]
    [InlineData("validate")]
    [InlineData("calibrate")]
    public void A_report_in_a_missing_directory_fails_with_2_before_the_work(string command)
    {
        using var dir = new TempDir();
        var args = CommandReports.Arguments(command, dir);
        var (code, stdout, stderr) = CliRunner.Run([.. args, "--report", "/nonexistent-dir-xss/r.html"]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("--report", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("sweep.csv")));
    }
}
