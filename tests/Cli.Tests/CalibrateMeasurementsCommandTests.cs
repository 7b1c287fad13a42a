using System.Text.RegularExpressions;

namespace XenSwitchSim.Cli.Tests;

/// <summary>calibrate --model T --measurements DIR... --out F: end to end, and bad input (exit 2, nothing written).</summary>
[Collection("console")]
public class CalibrateMeasurementsCommandTests
{
    private static readonly string Pi414 = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "models", "pi4-xen4.14.yaml");

    private static string Template(string dir, double? exec = null)
    {
        var text = Regex.Replace(File.ReadAllText(Pi414), "^  xl_major_fault_prob: .*$", "  xl_major_fault_prob: 0", RegexOptions.Multiline);
        if (exec is { } e) text = Regex.Replace(text, "^  xl_exec_cpu_us: .*$", $"  xl_exec_cpu_us: {e}", RegexOptions.Multiline);
        var path = Path.Combine(dir, exec is null ? "template.yaml" : "truth.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private static string Emit(string model, string dir, string name, string seed, params string[] sets)
    {
        var path = Path.Combine(dir, "sets", name);
        var args = new List<string> { "simulate", "--model", model, "--runs", "40", "--seed", seed, "--quiet", "--json", "--emit-measurements", path };
        foreach (var s in sets) { args.Add("--set"); args.Add(s); }
        var (c, _, e) = CliRunner.Run([.. args]);
        Assert.True(c == 0, e);
        return path;
    }

    [Fact]
    public void Fits_writes_the_model_and_report_and_the_fitted_model_validates_closer()
    {
        using var tmp = new TempDir();
        var template = Template(tmp.Path);
        var truth = Template(tmp.Path, 6560);
        var a = Emit(truth, tmp.Path, "baseline", "11");
        var b = Emit(truth, tmp.Path, "two-domUs", "12", "xen.domUs=2");
        var held = Emit(truth, tmp.Path, "domU-vcpus-1", "13", "domU.vcpus=1");
        var outFile = tmp.File("my-board.yaml");
        var (code, o, e) = CliRunner.Run("calibrate", "--model", template, "--measurements", a, b, "--free", "xl_exec_cpu_us",
            "--quick", "--quiet", "--out", outFile, "--report", tmp.File("report.md"));
        Assert.True(code == 0, e);
        Assert.Contains("xl_exec_cpu_us", o, StringComparison.Ordinal);
        var model = File.ReadAllText(outFile);
        Assert.Contains("name: my-board", model, StringComparison.Ordinal);
        Assert.Contains("Calibrated from measurement sets", model, StringComparison.Ordinal);
        var exec = double.Parse(Regex.Match(model, "xl_exec_cpu_us: \\{value: ([0-9.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(exec, 5900, 7200); // from 4374 toward 6560
        Assert.Contains("| baseline | pause | 40 |", File.ReadAllText(tmp.File("report.md")), StringComparison.Ordinal);

        double MeanError(string m)
        {
            var (c, json, err) = CliRunner.Run("validate", "--model", m, "--measurements", held, "--runs-factor", "3", "--json");
            Assert.True(c == 0, err);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            return doc.RootElement.GetProperty("scenarios")[0].GetProperty("metrics").GetProperty("pause").GetProperty("mean").GetProperty("relative_error").GetDouble();
        }

        var before = MeanError(template);
        var after = MeanError(outFile);
        Assert.True(Math.Abs(after) < Math.Abs(before) / 2, $"held-out pause mean error {before:P1} -> {after:P1}");
    }

    [Fact]
    public void Bad_input_exits_2_naming_the_problem_and_writes_nothing()
    {
        using var tmp = new TempDir();
        var template = Template(tmp.Path);
        var outFile = tmp.File("out.yaml");

        var (c1, _, e1) = CliRunner.Run("calibrate", "--model", template, "--measurements", tmp.File("no-such-set"), "--quick", "--out", outFile);
        Assert.Equal(2, c1);
        Assert.Contains("no-such-set", e1, StringComparison.Ordinal);

        var set = Emit(template, tmp.Path, "baseline", "1");
        var meta = Path.Combine(set, "meta.yaml");
        var good = File.ReadAllText(meta);
        File.WriteAllText(meta, good.Replace("pcpus: 4", "pcpus: 2", StringComparison.Ordinal));
        var (c2, _, e2) = CliRunner.Run("calibrate", "--model", template, "--measurements", set, "--quick", "--out", outFile);
        Assert.Equal(2, c2);
        Assert.Matches("meta.yaml:[0-9]+:1: set 'baseline' was measured with 2 pCPUs", e2);

        File.WriteAllText(meta, good.Replace("pcpus: 4", "pcpus: four", StringComparison.Ordinal));
        var (c3, _, e3) = CliRunner.Run("calibrate", "--model", template, "--measurements", set, "--quick", "--out", outFile);
        Assert.Equal(2, c3);
        Assert.Matches("meta.yaml:[0-9]+:[0-9]+: pcpus 'four'", e3);

        File.WriteAllText(meta, good);
        var (c4, _, e4) = CliRunner.Run("calibrate", "--model", template, "--measurements", set, "--quick");
        Assert.Equal(2, c4);
        Assert.Contains("--out", e4, StringComparison.Ordinal);

        var (c5, _, e5) = CliRunner.Run("calibrate", "--model", template, "--measurements", set, "--free", "no_such", "--quick", "--out", outFile);
        Assert.Equal(2, c5);
        Assert.Contains("unknown mechanism 'no_such'", e5, StringComparison.Ordinal);

        var (c6, _, e6) = CliRunner.Run("calibrate", "--model", template, "--measurements", set, "--quick", "--out", outFile, "--report", tmp.File("r.html"));
        Assert.Equal(2, c6);
        Assert.Contains("Markdown only", e6, StringComparison.Ordinal);
        Assert.False(File.Exists(tmp.File("r.html")));

        Assert.False(File.Exists(outFile));
    }
}
