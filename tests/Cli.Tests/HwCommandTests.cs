namespace XenSwitchSim.Cli.Tests;

/// <summary>hw record through the CLI with a fake xl (tests/Hardware.Tests/Fixtures/fake-xl) on --tools-path.</summary>
public class HwCommandTests
{
    private static string FakeTools(params string[] domains)
    {
        var dir = CliRunner.TempDir();
        File.Copy(CliRunner.Fixture("fake-xl"), Path.Combine(dir, "xl"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(dir, "xl"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllLines(Path.Combine(dir, "domains"), ["Domain-0 0 0", .. domains]);
        return dir;
    }

    [Fact]
    public void With_xentrace_the_xen_probes_come_from_the_trace()
    {
        // The fake xentrace writes the real fixture (3 pause/unpause pairs of d1) when stopped with SIGINT.
        var tools = FakeTools("d1 1 0");
        File.Copy(CliRunner.Fixture("fake-xentrace"), Path.Combine(tools, "xentrace"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(tools, "xentrace"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Copy(CliRunner.Fixture("xen-4.17-x86-credit2-pause-unpause.bin"), Path.Combine(tools, "trace.bin"));
        var set = Path.Combine(tools, "set");
        var (code, _, e) = CliRunner.Run("hw", "record", "--domain", "d1", "--op", "pause", "--runs", "3", "--out", set,
            "--tools-path", tools, "--yes", "--hold-ms", "1", "--gap-ms", "1", "--xentrace");
        Assert.True(code == 0, e);
        Assert.Contains("xentrace -D -e 0x0002f000", e);
        Assert.True(File.Exists(Path.Combine(set, "raw", "xentrace.bin")));
        var rows = File.ReadAllLines(Path.Combine(set, "runs.csv"));
        Assert.Equal(4, rows.Length);
        foreach (var row in rows.Skip(1))
        {
            var f = row.Split(',');
            Assert.NotEqual("", f[4]); // xen_op_start
            Assert.NotEqual("", f[5]); // vcpu_offline
        }

        Assert.Contains("dom0_offset_ticks", File.ReadAllText(Path.Combine(set, "meta.yaml")));
        Directory.Delete(tools, true);
    }

    private static string[] Ops(string tools) =>
        File.Exists(Path.Combine(tools, "calls.log"))
            ? File.ReadAllLines(Path.Combine(tools, "calls.log")).Where(l => l.StartsWith("pause", StringComparison.Ordinal) || l.StartsWith("unpause", StringComparison.Ordinal)).ToArray()
            : [];

    [Fact]
    public void Without_yes_it_only_prints_the_plan()
    {
        var tools = FakeTools("d1 1 0");
        var out1 = Path.Combine(tools, "set");
        var (code, o, e) = CliRunner.Run("hw", "record", "--domain", "d1", "--op", "pause", "--runs", "3", "--out", out1, "--tools-path", tools);
        Assert.Equal(2, code);
        Assert.Equal("", o);
        Assert.Contains("pause 'd1' (id 1, running) 3 time(s)", e);
        Assert.Contains("--yes", e);
        Assert.Empty(Ops(tools));
        Assert.False(Directory.Exists(out1));
        Directory.Delete(tools, true);
    }

    [Fact]
    public void Dom0_and_unknown_domains_are_refused_with_exit_2()
    {
        var tools = FakeTools("d1 1 0");
        var (c1, _, e1) = CliRunner.Run("hw", "record", "--domain", "Domain-0", "--op", "pause", "--runs", "1", "--out", Path.Combine(tools, "a"), "--tools-path", tools, "--yes");
        Assert.Equal(2, c1);
        Assert.Contains("dom0", e1);
        var (c2, _, e2) = CliRunner.Run("hw", "record", "--domain", "d9", "--op", "pause", "--runs", "1", "--out", Path.Combine(tools, "b"), "--tools-path", tools, "--yes");
        Assert.Equal(2, c2);
        Assert.Contains("no such domain", e2);
        Assert.Empty(Ops(tools));
        Directory.Delete(tools, true);
    }

    [Fact]
    public void With_yes_it_records_a_set_validate_can_read()
    {
        var tools = FakeTools("d1 1 0");
        var set = Path.Combine(tools, "set");
        var (code, o, e) = CliRunner.Run("hw", "record", "--domain", "d1", "--op", "pause", "--runs", "3", "--out", set,
            "--tools-path", tools, "--yes", "--hold-ms", "1", "--gap-ms", "1", "--set", "dom0.cpu_load_procs=0");
        Assert.True(code == 0, e);
        Assert.Equal(set, o.Trim());
        Assert.Equal(["pause d1", "unpause d1", "pause d1", "unpause d1", "pause d1", "unpause d1"], Ops(tools));
        Assert.Equal("0", File.ReadAllLines(Path.Combine(tools, "domains"))[1].Split(' ')[2]); // d1 unpaused, as found
        var meta = File.ReadAllText(Path.Combine(set, "meta.yaml"));
        Assert.Contains("source: \"hw-record\"", meta);
        Assert.Contains("xen_version: \"4.17.7\"", meta);
        Assert.Contains("scheduler: \"credit2\"", meta);
        Assert.Contains("dom0.vcpus: \"1\"", meta);      // read from xl list
        Assert.Contains("domU.memory_mb: \"512\"", meta);
        Assert.True(File.Exists(Path.Combine(set, "raw", "dom0-ops.csv")));
        var rows = File.ReadAllLines(Path.Combine(set, "runs.csv"));
        Assert.Equal(4, rows.Length);
        Assert.Matches("^0,pause,[0-9]+,,,,,$", rows[1]);

        // validate reads it (no Xen-side probes here, so no pause total: it says so rather than failing).
        var (vc, vo, ve) = CliRunner.Run("validate", "--model", "pi4-xen4.14", "--measurements", set, "--threads", "1", "--json", "--runs-factor", "2");
        Assert.True(vc == 0, ve);
        Assert.Contains("\"warnings\"", vo);
        Directory.Delete(tools, true);
    }
}
