using System.Text.Json;
using static XenSwitchSim.Cli.Tests.Deadlines.CliRunner;

namespace XenSwitchSim.Cli.Tests.Deadlines;

/// <summary>contracts.md section 3: the JSON of deadline, tail, compare and advise (small runs).</summary>
public class ContractShapeTests
{
    private static readonly string[] Methods = ["empirical-clopper-pearson", "gpd-pot-profile", "extrapolated", "importance-sampling"];

    internal static void TailShape(JsonElement j, bool sized)
    {
        HasKeys(j, "n", "deadline_us", "miss_prob", "levels", "diagnostics");
        HasKeys(j.GetProperty("miss_prob"), "estimate", "lower", "upper", "method");
        Assert.Contains(j.GetProperty("miss_prob").GetProperty("method").GetString(), Methods);
        if (sized)
        {
            HasKeys(j.GetProperty("sized_deadline_us"), "value", "lower", "upper", "method");
            Assert.Contains(j.GetProperty("sized_deadline_us").GetProperty("method").GetString(), Methods);
        }
        var levels = j.GetProperty("levels").EnumerateArray().ToList();
        Assert.Equal([1e-3, 1e-6, 1e-9, 1e-12], levels.Select(l => l.GetProperty("exceedance").GetDouble()));
        foreach (var l in levels)
        {
            HasKeys(l, "exceedance", "time_us", "lower_us", "upper_us", "method");
            Assert.Contains(l.GetProperty("method").GetString(), Methods);
        }
        var d = j.GetProperty("diagnostics");
        HasKeys(d.GetProperty("independence"), "test", "p", "pass");
        HasKeys(d.GetProperty("identical_distribution"), "test", "p", "pass");
        HasKeys(d.GetProperty("tail_fit"), "test", "p", "pass", "threshold_us", "xi", "sigma_us", "n_exceed");
        HasKeys(d.GetProperty("tail_modes"), "test", "pass", "note");
    }

    [Fact]
    public void Deadline_json_has_the_contract_shape()
    {
        var r = Run("deadline", "--runs", "300", "--deadline", "30ms", "--miss-prob", "1e-3", "--json", "--quiet", "--failure-rate", "2");
        Assert.True(r.Code == 0, r.Err);
        var j = r.Json;
        Assert.Equal("switch", j.GetProperty("metric").GetString());
        Assert.Equal("true", j.GetProperty("view").GetString());
        Assert.Equal(300, j.GetProperty("n").GetInt32());
        Assert.Equal(30000, j.GetProperty("deadline_us").GetDouble());
        TailShape(j, sized: true);
        var em = j.GetProperty("expected_misses");
        Assert.Equal(2 * j.GetProperty("miss_prob").GetProperty("estimate").GetDouble(), em.GetProperty("per_hour").GetProperty("estimate").GetDouble(), 12);
        Assert.Equal(2 * 8766 * j.GetProperty("miss_prob").GetProperty("estimate").GetDouble(), em.GetProperty("per_year").GetProperty("estimate").GetDouble(), 9);
    }

    [Fact]
    public void Deadline_with_only_a_miss_probability_uses_the_sized_deadline()
    {
        var r = Run("deadline", "--runs", "400", "--miss-prob", "1e-2", "--metric", "pause", "--view", "observed", "--json", "--quiet");
        Assert.True(r.Code == 0, r.Err);
        var j = r.Json;
        Assert.Equal("pause", j.GetProperty("metric").GetString());
        Assert.Equal("observed", j.GetProperty("view").GetString());
        Assert.Equal(j.GetProperty("sized_deadline_us").GetProperty("value").GetDouble(), j.GetProperty("deadline_us").GetDouble());
        TailShape(j, sized: true);
    }

    [Fact]
    public void Deadline_without_a_target_or_with_a_bad_unit_is_bad_input()
    {
        Assert.Equal(2, Run("deadline", "--runs", "50").Code);
        var r = Run("deadline", "--runs", "50", "--deadline", "5parsecs");
        Assert.Equal(2, r.Code);
        Assert.Contains("--deadline", r.Err);
    }

    [Fact]
    public void Tail_json_has_the_contract_shape_without_metric_and_view()
    {
        using var tmp = new TempFolder();
        var dir = tmp.Path;
        var csv = Path.Combine(dir, "s.csv");
        Assert.Equal(0, Run("simulate", "--runs", "120", "--quiet", "--json", "--samples-csv", csv).Code);
        var r = Run("tail", "--samples", csv, "--deadline", "25ms", "--json");
        Assert.True(r.Code == 0, r.Err);
        var j = r.Json;
        Assert.False(j.TryGetProperty("metric", out _));
        Assert.False(j.TryGetProperty("view", out _));
        Assert.Equal(120, j.GetProperty("n").GetInt32());
        Assert.Equal("switch_true_us", j.GetProperty("column").GetString());
        TailShape(j, sized: false);

        // a one-column file of numbers in us
        var plain = Path.Combine(dir, "plain.txt");
        File.WriteAllLines(plain, Enumerable.Range(1, 50).Select(i => (1000.0 * i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var p = Run("tail", "--samples", plain, "--deadline", "45ms", "--json");
        Assert.True(p.Code == 0, p.Err);
        Assert.Equal(50, p.Json.GetProperty("n").GetInt32());
        Assert.Equal(5.0 / 50, p.Json.GetProperty("miss_prob").GetProperty("estimate").GetDouble(), 12);
    }

    [Fact]
    public void Compare_json_has_the_contract_shape()
    {
        var r = Run("compare", "--runs", "60", "--a-set", "xl.nice=-20", "--b-set", "xl.nice=0", "--json", "--quiet");
        Assert.True(r.Code == 0, r.Err);
        var j = r.Json;
        HasKeys(j, "a", "b", "difference");
        foreach (var side in new[] { "a", "b" })
        {
            HasKeys(j.GetProperty(side), "model", "model_sha256", "seed", "runs", "parameters", "pause", "unpause", "switch");
            HasKeys(j.GetProperty(side).GetProperty("switch").GetProperty("true"), "n", "mean_us", "variance_us2", "sd_us", "min_us", "max_us", "p50_us", "p90_us", "p99_us", "p999_us", "mean_ci95_us");
        }
        Assert.Equal("-20", j.GetProperty("a").GetProperty("parameters").GetProperty("xl.nice").GetString());
        foreach (var f in new[] { "mean_us", "p99_us", "miss_prob" })
            HasKeys(j.GetProperty("difference").GetProperty(f), "estimate", "lower", "upper");
    }

    [Fact]
    public void Advise_json_has_the_contract_shape_and_ranks_by_number_of_changes()
    {
        var r = Run("advise", "--deadline", "30ms", "--miss-prob", "0.2", "--runs", "40", "--set", "dom0.cpu_load_procs=4", "--all", "--max-changes", "1", "--json", "--quiet");
        Assert.True(r.Code == 0, r.Err);
        var j = r.Json;
        HasKeys(j, "target", "options");
        HasKeys(j.GetProperty("target"), "deadline_us", "miss_prob");
        var options = j.GetProperty("options").EnumerateArray().ToList();
        Assert.NotEmpty(options);
        foreach (var o in options)
        {
            HasKeys(o, "changes", "miss_prob", "mean_us", "p99_us");
            HasKeys(o.GetProperty("miss_prob"), "estimate", "lower", "upper", "method");
            Assert.True(o.GetProperty("miss_prob").GetProperty("upper").GetDouble() <= 0.2);
        }
        var counts = options.Select(o => o.GetProperty("changes").EnumerateObject().Count()).ToList();
        Assert.Equal(counts.OrderBy(c => c), counts);
        // moving dom0's CPU load out of dom0 is one of the knobs, and under a 30 ms deadline it helps
        Assert.Contains(options, o => o.GetProperty("changes").TryGetProperty("switch.mechanism", out _));
    }
}
