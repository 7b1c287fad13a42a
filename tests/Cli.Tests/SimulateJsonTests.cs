using System.Text.Json;

namespace XenSwitchSim.Cli.Tests;

public class SimulateJsonTests
{
    private static readonly string[] StatsKeys =
        ["n", "mean_us", "variance_us2", "sd_us", "min_us", "max_us", "p50_us", "p90_us", "p99_us", "p999_us", "mean_ci95_us"];

    [Fact]
    public void Simulate_json_has_the_contract_shape_and_nothing_else_on_stdout()
    {
        var (code, output, _) = CliRunner.Run("simulate", "--runs", "20", "--seed", "3", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("pi4-xen4.14", root.GetProperty("model").GetString());
        Assert.Equal(64, root.GetProperty("model_sha256").GetString()!.Length);
        Assert.Equal(3UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal(20, root.GetProperty("runs").GetInt32());
        Assert.Equal(16, root.GetProperty("parameters").EnumerateObject().Count());
        foreach (var op in new[] { "pause", "unpause", "switch" })
        {
            foreach (var view in new[] { "observed", "true" })
            {
                var s = root.GetProperty(op).GetProperty(view);
                foreach (var k in StatsKeys) Assert.True(s.TryGetProperty(k, out _), $"{op}.{view} lacks {k}");
                Assert.Equal(20, s.GetProperty("n").GetInt32());
                Assert.Equal(2, s.GetProperty("mean_ci95_us").GetArrayLength());
            }
        }
        Assert.Equal(3, root.GetProperty("pause").GetProperty("observed_phases_mean_us").EnumerateObject().Count());
        Assert.True(root.GetProperty("unpause").GetProperty("observed_phases_mean_us").TryGetProperty("vcpu_running_to_domu_sample", out _));
    }

    [Fact]
    public void The_same_seed_gives_the_same_output_whatever_the_thread_count()
    {
        var one = CliRunner.Run("simulate", "--runs", "16", "--seed", "9", "--json", "--threads", "1");
        var two = CliRunner.Run("simulate", "--runs", "16", "--seed", "9", "--json", "--threads", "2");
        Assert.Equal(0, one.Code);
        Assert.Equal(one.Out, two.Out);
    }

    [Fact]
    public void A_switch_that_cannot_fit_is_reported_infeasible_beside_pause_and_unpause()
    {
        var (code, output, _) = CliRunner.Run("simulate", "--runs", "4", "--json", "--set", "xen.scheduler=null", "--set", "domU.vcpus=1", "--set", "dom0.vcpus=3");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Contains("standby", doc.RootElement.GetProperty("switch").GetProperty("infeasible").GetString());
        Assert.Equal(4, doc.RootElement.GetProperty("pause").GetProperty("true").GetProperty("n").GetInt32());
    }

    [Fact]
    public void Samples_csv_has_one_row_per_replication()
    {
        var path = Path.Combine(Path.GetTempPath(), $"xss-samples-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, _, _) = CliRunner.Run("simulate", "--runs", "5", "--quiet", "--samples-csv", path);
            Assert.Equal(0, code);
            var lines = File.ReadAllLines(path);
            Assert.Equal(6, lines.Length);
            Assert.StartsWith("run,pause_observed_us,pause_true_us", lines[0]);
            Assert.All(lines.Skip(1), l => Assert.Equal(13, l.Split(',').Length));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Trace_run_prints_the_timeline_of_the_replication()
    {
        var (code, output, _) = CliRunner.Run("simulate", "--runs", "3", "--quiet", "--trace-run", "1");
        Assert.Equal(0, code);
        Assert.Contains("timeline of replication 1", output);
        Assert.Contains("vcpu_sleep d1v0", output);
        Assert.Contains("xl pause", output);
    }
}
