using static XenSwitchSim.Cli.Tests.Deadlines.CliRunner;

namespace XenSwitchSim.Cli.Tests.Deadlines;

public class CompareSweepTests
{
    [Fact]
    public void Compare_of_a_scenario_with_itself_is_zero_with_a_tight_interval()
    {
        var r = Run("compare", "--runs", "80", "--set", "dom0.cpu_load_procs=4", "--deadline", "120ms", "--json", "--quiet");
        Assert.True(r.Code == 0, r.Err);
        var d = r.Json.GetProperty("difference");
        foreach (var f in new[] { "mean_us", "p99_us" })
        {
            Assert.Equal(0, d.GetProperty(f).GetProperty("estimate").GetDouble());
            Assert.Equal(0, d.GetProperty(f).GetProperty("lower").GetDouble());
            Assert.Equal(0, d.GetProperty(f).GetProperty("upper").GetDouble());
        }
        var m = d.GetProperty("miss_prob");
        Assert.Equal(0, m.GetProperty("estimate").GetDouble());
        Assert.True(m.GetProperty("lower").GetDouble() <= 0 && m.GetProperty("upper").GetDouble() >= 0);
        Assert.True(m.GetProperty("upper").GetDouble() - m.GetProperty("lower").GetDouble() < 0.1);
    }

    private const string Grid = """
        parameters:
          dom0.cpu_load_procs: [0, 4]
          xl.nice: [0, -20]
          xen.scheduler: [credit2, "null"]
          switch.mechanism: [xl, kernel-module]
        runs_per_cell: 12
        deadline: 30ms
        seed: 5
        metric: switch
        view: true
        """;

    [Fact]
    public void Sharded_sweep_merged_is_byte_identical_to_the_unsharded_run()
    {
        using var tmp = new TempFolder();
        var dir = tmp.Path;
        var grid = Path.Combine(dir, "grid.yaml");
        File.WriteAllText(grid, Grid);
        var full = Path.Combine(dir, "full.csv");
        Assert.Equal(0, Run("sweep", "--grid", grid, "--out", full, "--quiet").Code);
        var parts = new List<string>();
        foreach (var k in new[] { 3, 1, 2 })
        {
            var part = Path.Combine(dir, $"part{k}.csv");
            var r = Run("sweep", "--grid", grid, "--shard", $"{k}/3", "--out", part, "--quiet", "--threads", "1");
            Assert.True(r.Code == 0, r.Err);
            parts.Add(part);
        }
        var merged = Path.Combine(dir, "merged.csv");
        var m = Run(["sweep", "merge", .. parts, "--out", merged]);
        Assert.True(m.Code == 0, m.Err);
        Assert.Equal(File.ReadAllBytes(full), File.ReadAllBytes(merged));

        var lines = File.ReadAllLines(full);
        Assert.Equal(1 + 16, lines.Length);
        Assert.StartsWith("cell,dom0.cpu_load_procs,xl.nice,xen.scheduler,switch.mechanism,status,reason,mean_us,p99_us,p999_us,miss_prob,miss_lower,miss_upper", lines[0]);
        // null with a 3-vCPU domU and a 3-vCPU standby does not fit 4 pCPUs: marked, and the sweep went on
        Assert.Contains(lines, l => l.Contains(",null,") && l.Contains(",infeasible,"));
        Assert.Contains(lines, l => l.Contains(",credit2,") && l.Contains(",ok,"));

        // a missing part is refused
        Assert.Equal(2, Run("sweep", "merge", parts[0], parts[1], "--out", Path.Combine(dir, "x.csv")).Code);

        var e = Run("sweep", "effects", full, "--json");
        Assert.True(e.Code == 0, e.Err);
        HasKeys(e.Json, "main_effects", "interactions");
    }

    [Fact]
    public void A_bad_grid_value_names_the_line()
    {
        using var tmp = new TempFolder();
        var dir = tmp.Path;
        var grid = Path.Combine(dir, "grid.yaml");
        File.WriteAllText(grid, "parameters:\n  xl.nice: [0, -20]\n  xen.scheduler: [credit2, rtds]\n");
        var r = Run("sweep", "--grid", grid, "--out", Path.Combine(dir, "o.csv"), "--quiet");
        Assert.Equal(2, r.Code);
        Assert.Contains("grid.yaml:3:", r.Err);
    }
}
