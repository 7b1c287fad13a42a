using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Simulator.Experiments;

namespace XenSwitchSim.Calibration.Tests.Measurements;

public class MeasurementSetTests
{
    private static (ResolvedScenario S, CapturedReplication[] Reps) Simulate(int runs, ulong seed)
    {
        var model = TestModels.Pi414;
        var s = ResolvedScenario.From(model, ScenarioResolver.Resolve(model, null).Parameters);
        return (s, ProbeCapture.Run(s, runs, seed, threads: 1));
    }

    [Fact]
    public void Emitted_set_round_trips_and_reproduces_the_simulators_times()
    {
        using var tmp = new TempDir();
        var (s, reps) = Simulate(20, 7);
        var dir = tmp.Sub("baseline");
        var rows = SyntheticMeasurements.Write(dir, s, reps, 7, "test");
        Assert.Equal(60, rows);

        var set = MeasurementSetReader.Read(dir);
        Assert.Equal("baseline", set.Name);
        Assert.Equal(MeasurementMeta.SourceSimulate, set.Meta.Source);
        Assert.Equal(54e6, set.Meta.CounterHz);
        Assert.Equal(s.Parameters.ToDictionary(), set.Meta.Parameters.ToDictionary());
        Assert.Equal([MeasurementOp.Pause, MeasurementOp.Unpause, MeasurementOp.Switch], set.Ops);
        Assert.True(Directory.Exists(Path.Combine(dir, "raw")));

        // Writing what was read gives the same bytes.
        var again = tmp.Sub("again");
        MeasurementSetWriter.Write(again, set.Meta, set.Runs);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "runs.csv")), File.ReadAllText(Path.Combine(again, "runs.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "meta.yaml")), File.ReadAllText(Path.Combine(again, "meta.yaml")));

        // The phases derived from ticks are the simulator's own, to within two ticks (37 ns).
        var pause = set.Samples(MeasurementOp.Pause);
        var unpause = set.Samples(MeasurementOp.Unpause);
        var sw = set.Samples(MeasurementOp.Switch);
        for (var i = 0; i < reps.Length; i++)
        {
            var t = reps[i].Times;
            Assert.Equal(t.PauseObservedUs, pause.TotalUs[i], 0.04);
            Assert.Equal(t.PauseXlToDomULastSampleUs, pause.PhasesUs["xl_to_domu_last_sample"][i], 0.04);
            Assert.Equal(t.PauseDomULastSampleToXenUs, pause.PhasesUs["domu_last_sample_to_xen"][i], 0.04);
            Assert.Equal(t.PauseXenToVcpuPausedUs, pause.PhasesUs["xen_to_vcpu_paused"][i], 0.04);
            Assert.Equal(t.UnpauseObservedUs, unpause.TotalUs[i], 0.04);
            Assert.Equal(t.UnpauseXlToXenUs, unpause.PhasesUs["xl_to_xen"][i], 0.04);
            Assert.Equal(t.UnpauseXenToVcpuRunningUs, unpause.PhasesUs["xen_to_vcpu_running"][i], 0.04);
            Assert.Equal(t.UnpauseVcpuRunningToDomUSampleUs, unpause.PhasesUs["vcpu_running_to_domu_sample"][i], 0.04);
            Assert.Equal(t.SwitchObservedUs, sw.TotalUs[i], 0.04);
        }
    }

    private static string WriteSet(TempDir tmp, string runsCsv, string? meta = null)
    {
        var dir = tmp.Sub("set");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "meta.yaml"), meta ?? GoodMeta);
        File.WriteAllText(Path.Combine(dir, "runs.csv"), runsCsv);
        return dir;
    }

    private const string Header = "run,op,dom0_stamp,domu_last_sample,xen_op_start,vcpu_offline,vcpu_running,domu_first_sample\n";

    private const string GoodMeta = """
        format: xenswitchsim-measurements/1
        host: pi4-a
        xen_version: "4.14.1"
        scheduler: credit2
        pcpus: 4
        counter_hz: 54MHz
        mechanism: xl
        tool_version: 0.1.0
        date: 2026-11-26
        parameters:
          domU.vcpus: 1
          dom0.cpu_load_procs: 4
        """;

    [Fact]
    public void A_hand_written_set_reads_with_empty_probes_and_units()
    {
        using var tmp = new TempDir();
        var dir = WriteSet(tmp, Header + "0,pause,1000,1540,1594,1600,,\n0,unpause,5000,,5540,,5560,5600\n");
        var set = MeasurementSetReader.Read(dir);
        Assert.Equal(54e6, set.Meta.CounterHz);
        Assert.Equal(1, set.Meta.Parameters.DomUVcpus);
        Assert.Equal(4, set.Meta.Parameters.Dom0CpuLoadProcs);
        var p = set.Samples(MeasurementOp.Pause);
        Assert.Equal(600 / 54.0, p.TotalUs[0], 9);
        Assert.Equal(10.0, p.PhasesUs["xl_to_domu_last_sample"][0], 9);
        var u = set.Samples(MeasurementOp.Unpause);
        Assert.Equal(10.0, u.PhasesUs["xl_to_xen"][0], 9);
        Assert.Null(set.Runs[0].VcpuRunning);
    }

    [Theory]
    [InlineData("0,pause,1000,x,1594,1600,,\n", "runs.csv:2:14", "domu_last_sample 'x'")]
    [InlineData("0,pause,1000,1540,1594\n", "runs.csv:2:1", "5 fields")]
    [InlineData("0,resume,1000,,,,,\n", "runs.csv:2:3", "op 'resume'")]
    [InlineData("0,pause,1000,,,,,\n0,pause,2000,,,,,\n", "runs.csv:3:1", "appears twice")]
    [InlineData("0,pause,,,,,,\n", "runs.csv:2:9", "dom0_stamp is empty")]
    [InlineData("0,pause,1000,,1600,1500,,\n", "runs.csv:2:", "before xen_op_start")]
    [InlineData("-1,pause,1000,,,,,\n", "runs.csv:2:1", "run '-1'")]
    public void Bad_rows_are_named_by_file_line_and_column(string rows, string where, string what)
    {
        using var tmp = new TempDir();
        var dir = WriteSet(tmp, Header + rows);
        var e = Assert.Throws<InputError>(() => MeasurementSetReader.Read(dir));
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Theory]
    [InlineData("host: pi4-a\n", "host: [a, b]\n", "meta.yaml:2:", "'host' is not a single value")]
    [InlineData("counter_hz: 54MHz\n", "counter_hz: fast\n", "meta.yaml:6:", "counter_hz 'fast'")]
    [InlineData("  domU.vcpus: 1\n", "  domU.vcpu: 1\n", "meta.yaml:11:", "domU.vcpu")]
    [InlineData("  domU.vcpus: 1\n", "  domU.vcpus: 9\n", "meta.yaml:11:", "domU.vcpus")]
    [InlineData("scheduler: credit2\n", "scheduler: rtds\n", "meta.yaml:4:", "scheduler 'rtds'")]
    [InlineData("date: 2026-11-26\n", "date: yesterday\n", "meta.yaml:9:", "date 'yesterday'")]
    [InlineData("pcpus: 4\n", "pcpus: 4\ncolour: blue\n", "meta.yaml:6:", "unknown field 'colour'")]
    [InlineData("host: pi4-a\n", "", "meta.yaml", "missing field 'host'")]
    public void Bad_meta_is_named_by_line_and_field(string replace, string with, string where, string what)
    {
        using var tmp = new TempDir();
        var meta = GoodMeta.Replace("\r\n", "\n") + "\n";
        Assert.Contains(replace, meta);
        var dir = WriteSet(tmp, Header + "0,pause,1000,,,,,\n", meta.Replace(replace, with));
        var e = Assert.Throws<InputError>(() => MeasurementSetReader.Read(dir));
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void Missing_files_and_directories_are_input_errors()
    {
        using var tmp = new TempDir();
        Assert.Contains("no such measurement set", Assert.Throws<InputError>(() => MeasurementSets.Load(tmp.Sub("nope"))).Message);
        Directory.CreateDirectory(tmp.Sub("empty"));
        Assert.Contains("holds none", Assert.Throws<InputError>(() => MeasurementSets.Load(tmp.Sub("empty"))).Message);
        var dir = WriteSet(tmp, Header);
        Assert.Contains("no runs", Assert.Throws<InputError>(() => MeasurementSetReader.Read(dir)).Message);
        File.Delete(Path.Combine(dir, "runs.csv"));
        Assert.Contains("runs.csv: missing", Assert.Throws<InputError>(() => MeasurementSetReader.Read(dir)).Message);
    }

    [Fact]
    public void The_studys_tables_load_as_summary_only_sets()
    {
        var sets = MeasurementSets.Load(TestModels.PathOf("ipsj-os151-2021-measurements.yaml"));
        var old = sets.Where(s => s.Name.StartsWith("study/old/", StringComparison.Ordinal)).ToList();
        var @new = sets.Where(s => s.Name.StartsWith("study/new/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(old);
        Assert.NotEmpty(@new);
        Assert.All(sets, s => Assert.True(s.IsSummaryOnly));
        var baseline = old.Single(s => s.Name == "study/old/baseline");
        Assert.Equal(5, baseline.Count(MeasurementOp.Pause));
        Assert.Equal(14777, baseline.Summaries[MeasurementOp.Pause].MeanUs);
        Assert.Equal(328259 * 5 / 4.0, baseline.Summaries[MeasurementOp.Pause].SampleVarianceUs2!.Value, 6);
        Assert.DoesNotContain(baseline.Meta.Assignments, a => a.Key != "xen.scheduler" && a.Key != "switch.mechanism");
        var cpu = old.Single(s => s.Name == "study/old/dom0-cpu-load");
        Assert.Equal(4, cpu.Meta.Parameters.Dom0CpuLoadProcs);
        Assert.Equal(@new.Count, MeasurementSets.Load(TestModels.PathOf("ipsj-os151-2021-measurements.yaml") + ":new").Count);
    }
}
