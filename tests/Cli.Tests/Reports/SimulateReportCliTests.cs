using System.Text.Json;
using XenSwitchSim.Cli.Reports.Browser;

namespace XenSwitchSim.Cli.Tests.Reports;

/// <summary>simulate --report/--png through the command line, without a browser.</summary>
[Collection("console")]
public class SimulateReportCliTests
{
    [Fact]
    public void Simulate_writes_an_offline_report_with_every_figure_and_json_stays_clean()
    {
        using var dir = new TempDir();
        var report = dir.File("r.html");
        var (code, stdout, stderr) = CliRunner.Run("simulate", "--runs", "40", "--threads", "1", "--seed", "3", "--json", "--report", report);
        Assert.True(code == 0, stderr);
        using (JsonDocument.Parse(stdout)) { } // stdout is the one JSON object and nothing else
        Assert.Contains("report: wrote", stderr, StringComparison.Ordinal);
        var html = File.ReadAllText(report);
        foreach (var id in new[] { "figure3", "exceedance", "phases", "timeline-pause", "timeline-unpause", "timeline-switch" })
            Assert.Contains($"data-figure=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Contains("is the slowest switch", html, StringComparison.Ordinal);
        Assert.Contains("--report", html, StringComparison.Ordinal); // the command line in the title block
    }

    [Fact]
    public void Trace_run_draws_the_asked_replication_and_quiet_prints_plain_tables_and_no_report_line()
    {
        using var dir = new TempDir();
        var report = dir.File("r.html");
        var (code, stdout, stderr) = CliRunner.Run("simulate", "--runs", "20", "--threads", "1", "--trace-run", "4", "--quiet", "--report", report);
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        Assert.DoesNotContain("\u001b[", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("─", stdout, StringComparison.Ordinal); // ASCII borders, not box drawing
        Assert.Contains("# timeline of replication 4", stdout, StringComparison.Ordinal);
        Assert.Contains("Timeline of replication 4: switch", File.ReadAllText(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_into_a_missing_directory_fails_with_2_before_simulating()
    {
        var (code, stdout, stderr) = CliRunner.Run("simulate", "--runs", "5", "--report", "/nonexistent-dir-xss/r.html");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("--report", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_without_chromium_says_how_to_install_it_and_fails_with_1_before_simulating()
    {
        using var dir = new TempDir();
        var old = Environment.GetEnvironmentVariable(Chromium.EnvironmentVariable);
        Environment.SetEnvironmentVariable(Chromium.EnvironmentVariable, "/nonexistent/chromium");
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("simulate", "--runs", "5", "--png", dir.File("png"));
            Assert.Equal(1, code);
            Assert.Equal("", stdout);
            Assert.Contains("apt-get install chromium", stderr, StringComparison.Ordinal);
            Assert.Contains("never downloads a browser", stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(dir.File("png")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Chromium.EnvironmentVariable, old);
        }
    }
}

/// <summary>The hidden developer command that draws the calibration, sweep and validate builders on synthetic data.</summary>
[Collection("console")]
public class ReportGalleryCliTests
{
    [Fact]
    public void Report_gallery_writes_the_calibration_sweep_and_validate_figures_and_needs_an_output()
    {
        using var dir = new TempDir();
        var (code, _, stderr) = CliRunner.Run("report-gallery", "--report", dir.File("g.html"));
        Assert.True(code == 0, stderr);
        var html = File.ReadAllText(dir.File("g.html"));
        foreach (var id in new[] { "calibration", "sweep-main-effects", "sweep-interactions", "validate-qq", "validate-pit" })
            Assert.Contains($"data-figure=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Contains("synthetic", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, CliRunner.Run("report-gallery").Code);
    }
}
