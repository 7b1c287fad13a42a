using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Models.Tests.Parameters;

public class ParameterTests
{
    [Fact]
    public void The_catalogue_has_the_contract_keys_in_order_with_their_defaults()
    {
        var expected = new (string Key, string Default)[]
        {
            ("domU.vcpus", "3"), ("domU.memory_mb", "813"), ("domU.storage", "logical-partition"),
            ("domU.cpu_load_procs", "0"), ("domU.net_load_mbps", "0"), ("dom0.cpu_load_procs", "0"),
            ("dom0.net_load_mbps", "0"), ("dom0.vcpus", "auto"), ("xl.nice", "0"), ("xl.policy", "SCHED_OTHER"),
            ("xen.domUs", "1"), ("xen.scheduler", "credit2"), ("xen.pinning", "none"), ("switch.mechanism", "xl"),
            ("measure.sample_interval_us", "4000"), ("measure.domU_idle", "from-model"),
        };

        Assert.Equal(expected, ParameterCatalog.All.Select(s => (s.Key, s.Default)));
        Assert.Equal(expected.Select(e => e.Key), ScenarioParameters.Defaults.ToDictionary().Keys);
    }

    [Fact]
    public void With_sets_typed_properties_from_text()
    {
        var p = ScenarioParameters.Defaults
            .With("dom0.net_load_mbps", "1Gbps")
            .With("xl.policy", "SCHED_FIFO")
            .With("xen.scheduler", "null")
            .With("dom0.vcpus", "2")
            .With("measure.sample_interval_us", "4ms")
            .With("measure.domU_idle", "poll")
            .With("switch.mechanism", "kernel-module");

        Assert.Equal(1000, p.Dom0NetLoadMbps);
        Assert.Equal(XlPolicy.SchedFifo, p.XlPolicy);
        Assert.Equal(XenScheduler.Null, p.XenScheduler);
        Assert.Equal(2, p.Dom0Vcpus);
        Assert.Equal(4000, p.MeasureSampleIntervalUs);
        Assert.Equal(DomUIdle.Poll, p.MeasureDomUIdle);
        Assert.Equal(SwitchMechanism.KernelModule, p.SwitchMechanism);
        Assert.Equal("null", p.ToDictionary()["xen.scheduler"]);
        Assert.Equal("2", p.Get("dom0.vcpus"));
    }

    [Fact]
    public void Auto_and_from_model_are_null()
    {
        var p = ScenarioParameters.Defaults.With("dom0.vcpus", "3").With("dom0.vcpus", "auto")
            .With("measure.domU_idle", "block").With("measure.domU_idle", "from-model");
        Assert.Null(p.Dom0Vcpus);
        Assert.Null(p.MeasureDomUIdle);
        Assert.Equal(ScenarioParameters.Defaults, p);
    }

    [Fact]
    public void An_unknown_key_suggests_the_closest_and_lists_all()
    {
        var e = Assert.Throws<InputError>(() =>
            ParameterParser.Parse("dom0.cpu_laod_procs", "4", new SourceLocation("models/x.yaml", 12, 5)));

        Assert.StartsWith(
            "models/x.yaml:12:5: unknown parameter 'dom0.cpu_laod_procs'; did you mean 'dom0.cpu_load_procs'? valid keys: domU.vcpus, ",
            e.Message);
        Assert.Contains("measure.domU_idle", e.Expected);
        Assert.Equal(12, e.Line);
        Assert.Equal(5, e.Column);
    }

    [Theory]
    [InlineData("domU.vcpus", "5", "5 is out of range; expected an integer in 1..4")]
    [InlineData("domU.vcpus", "two", "expected an integer in 1..4, got 'two'")]
    [InlineData("xl.nice", "-21", "-21 is out of range; expected an integer in -20..19")]
    [InlineData("xen.scheduler", "rtds", "expected one of: credit2, null, credit, got 'rtds'")]
    [InlineData("dom0.net_load_mbps", "2Gbps", "2000 Mbps is out of range; expected 0..1000 Mbps")]
    [InlineData("measure.sample_interval_us", "5GHz", "expected a duration (ns, us, ms, s), got '5GHz'")]
    [InlineData("dom0.vcpus", "0", "0 is out of range; expected an integer >= 1 (at most the platform's pCPUs) or 'auto'")]
    public void Bad_values_name_the_key_and_what_was_expected(string key, string value, string expected)
    {
        var e = Assert.Throws<InputError>(() => ParameterParser.Parse(key, value, new SourceLocation("s.yaml", 3, 15)));
        Assert.Equal($"s.yaml:3:15: invalid value '{value}' for '{key}'; {expected}", e.Message);
    }

    [Fact]
    public void Set_argument_is_parsed_and_validated_with_source_named_set()
    {
        var a = SetArgument.Parse("dom0.cpu_load_procs=4");
        Assert.Equal("dom0.cpu_load_procs", a.Key);
        Assert.Equal(4, ScenarioParameters.Defaults.With([a]).Dom0CpuLoadProcs);
        Assert.Equal("--set", a.Where.SourceName);

        var unknown = Assert.Throws<InputError>(() => SetArgument.Parse("dom0.cpu_laod_procs=4"));
        Assert.StartsWith("--set: unknown parameter 'dom0.cpu_laod_procs'; did you mean 'dom0.cpu_load_procs'?", unknown.Message);

        var noEquals = Assert.Throws<InputError>(() => SetArgument.Parse("dom0.cpu_load_procs"));
        Assert.Equal("--set: cannot read 'dom0.cpu_load_procs'; expected KEY=VALUE, e.g. dom0.cpu_load_procs=4", noEquals.Message);

        var badValue = Assert.Throws<InputError>(() => SetArgument.Parse("xl.policy=FIFO"));
        Assert.Equal("--set: invalid value 'FIFO' for 'xl.policy'; expected one of: SCHED_OTHER, SCHED_FIFO, got 'FIFO'", badValue.Message);
    }

    [Fact]
    public void Later_assignments_win()
    {
        var p = ScenarioParameters.Defaults.With([SetArgument.Parse("xl.nice=-5"), SetArgument.Parse("xl.nice=-20")]);
        Assert.Equal(-20, p.XlNice);
    }
}
