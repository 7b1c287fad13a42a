using System.Text.Json;

namespace XenSwitchSim.Cli.Tests;

public class TraceCommandTests
{
    private static readonly string Bin = CliRunner.Fixture("xen-4.17-x86-credit2-pause-unpause.bin");

    [Fact]
    public void Dump_prints_every_record_of_the_fixture_in_xenalyze_layout()
    {
        var (code, o, e) = CliRunner.Run("trace", "dump", Bin, "--cpu-hz", "2.1GHz");
        Assert.Equal(0, code);
        Assert.Equal("", e);
        var lines = o.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(15374, lines.Length); // PROVENANCE.md: 15374 records
        Assert.Contains(lines, l => l.Contains("vcpu_sleep d1v0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("runstate_change d1v0 runnable->offline", StringComparison.Ordinal));
        Assert.StartsWith("   0.000000000 ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Dump_json_is_one_array_of_contract_records()
    {
        var (code, o, _) = CliRunner.Run("trace", "dump", Bin, "--cpu-hz", "2100000000", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(o);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Equal(15374, doc.RootElement.GetArrayLength());
        var runstate = doc.RootElement.EnumerateArray().First(r => r.GetProperty("name").GetString() == "runstate_change");
        foreach (var k in new[] { "time_ns", "cycles", "cpu", "event", "name", "dom", "vcpu", "old", "new", "extra" })
            Assert.True(runstate.TryGetProperty(k, out _), k);
        Assert.StartsWith("0x", runstate.GetProperty("event").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Phases_finds_the_three_pause_unpause_pairs_of_d1()
    {
        var (code, o, _) = CliRunner.Run("trace", "phases", Bin, "--domain", "1", "--cpu-hz", "2.1GHz", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(o);
        var ops = doc.RootElement.GetProperty("files")[0].GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal(3, ops.Count(x => x.GetProperty("op").GetString() == "pause"));
        Assert.Equal(3, ops.Count(x => x.GetProperty("op").GetString() == "unpause"));
    }

    [Fact]
    public void Xenalyze_text_dumps_with_corrected_times()
    {
        var dir = CliRunner.TempDir();
        var txt = Path.Combine(dir, "dump.txt");
        File.WriteAllLines(txt,
        [
            "   0.588359373 x| d0v0 vcpu_sleep d1v0",
            "   0.588379152 x| d0v0 runstate_change d1v0 runnable->offline",
            "   0.826039211 x| d0v0 runstate_change d1v0 offline->runnable",
        ]);
        var (code, o, e) = CliRunner.Run("trace", "dump", txt, "--cpu-hz", "2.1GHz", "--json");
        Assert.True(code == 0, e);
        using var doc = JsonDocument.Parse(o);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal("vcpu_sleep", rows[0].GetProperty("name").GetString());
        Assert.Equal("offline", rows[1].GetProperty("new").GetString());
        Assert.Equal(1, rows[2].GetProperty("dom").GetInt32());
        var (c2, o2, _) = CliRunner.Run("trace", "phases", txt, "--domain", "1", "--cpu-hz", "2.1GHz");
        Assert.Equal(0, c2);
        Assert.Contains("pause", o2);
        Assert.Contains("unpause", o2);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Corrupt_input_exits_2_with_the_byte_offset()
    {
        var dir = CliRunner.TempDir();
        var bytes = File.ReadAllBytes(Bin);
        var cut = Path.Combine(dir, "truncated.bin");
        File.WriteAllBytes(cut, bytes[..1001]);
        var (code, o, e) = CliRunner.Run("trace", "dump", cut, "--format", "xentrace");
        Assert.Equal(2, code);
        Assert.Equal("", o);
        Assert.Matches("offset [0-9]+", e);

        var (code2, _, e2) = CliRunner.Run("trace", "phases", cut, "--domain", "1", "--format", "xentrace");
        Assert.Equal(2, code2);
        Assert.Contains("offset", e2);

        var (code3, _, e3) = CliRunner.Run("trace", "dump", Path.Combine(dir, "missing.bin"));
        Assert.Equal(2, code3);
        Assert.Contains("missing.bin", e3);
        Directory.Delete(dir, true);
    }
}
