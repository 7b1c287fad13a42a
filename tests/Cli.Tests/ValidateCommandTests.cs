using System.Text.Json;

namespace XenSwitchSim.Cli.Tests;

public class ValidateCommandTests
{
    [Fact]
    public void Emitted_set_validates_with_the_contract_json()
    {
        var dir = CliRunner.TempDir();
        var set = Path.Combine(dir, "own");
        var (c1, _, e1) = CliRunner.Run("simulate", "--runs", "60", "--threads", "1", "--quiet", "--json", "--emit-measurements", set);
        Assert.True(c1 == 0, e1);
        Assert.True(File.Exists(Path.Combine(set, "meta.yaml")));
        Assert.True(File.Exists(Path.Combine(set, "runs.csv")));

        var (code, o, e) = CliRunner.Run("validate", "--measurements", set, "--runs-factor", "3", "--threads", "1", "--json");
        Assert.True(code == 0, e);
        using var doc = JsonDocument.Parse(o);
        var root = doc.RootElement;
        Assert.Equal("agrees", root.GetProperty("verdict").GetString());
        var s = root.GetProperty("scenarios")[0];
        Assert.Equal("own", s.GetProperty("name").GetString());
        Assert.Equal(60, s.GetProperty("n_measured").GetInt32());
        Assert.Equal("agrees", s.GetProperty("verdict").GetString());
        var pause = s.GetProperty("metrics").GetProperty("pause");
        foreach (var k in new[] { "measured", "predicted", "ks", "ad", "exceed_p99", "pit", "verdict" })
            Assert.True(pause.TryGetProperty(k, out _), k);
        foreach (var k in new[] { "n", "mean_us", "variance_us2", "sd_us", "min_us", "max_us", "p50_us", "p90_us", "p99_us", "p999_us", "mean_ci95_us" })
            Assert.True(pause.GetProperty("measured").TryGetProperty(k, out _), k);
        Assert.True(pause.GetProperty("ks").TryGetProperty("d", out _));
        Assert.True(pause.GetProperty("ad").TryGetProperty("a2", out _));
        Assert.True(pause.GetProperty("exceed_p99").TryGetProperty("expected", out _));
        Assert.Equal(10, pause.GetProperty("pit").GetArrayLength());
        Directory.Delete(dir, true);
    }

    [Fact]
    public void A_bad_set_exits_2_naming_the_file()
    {
        var dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, "meta.yaml"), "format: nope\n");
        File.WriteAllText(Path.Combine(dir, "runs.csv"), "run,op\n");
        var (code, _, e) = CliRunner.Run("validate", "--measurements", dir);
        Assert.Equal(2, code);
        Assert.Contains("meta.yaml", e);
        Directory.Delete(dir, true);
    }
}
