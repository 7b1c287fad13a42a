using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Platform;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Tests.Platform;

public class HypercallExperimentTests
{
    private static readonly PlatformScenario Comparison = new()
    {
        DomUVcpus = 1, DomUFileStorage = true, Scheduler = SchedulerKind.Null, Dom0Vcpus = 1, DomUIdlePolls = true,
    };

    [Fact]
    public void The_probe_times_every_call_and_an_unloaded_call_costs_tens_of_microseconds()
    {
        var t = HypercallExperiment.Run(new PlatformParameters(), Comparison, 3, 0L, new HypercallExperiment.Options { Calls = 200 });
        Assert.Equal(200, t.Length);
        var s = HypercallExperiment.Shares(t);
        Assert.True(s.In10Us > 0.9, $"10-100 us share {s.In10Us}; median {t.Order().ElementAt(100)} us");
    }

    [Fact]
    public void Net_load_stretches_some_calls_by_softirq_work_on_vcpu0()
    {
        var quiet = HypercallExperiment.RunMany(new PlatformParameters(), Comparison, 5, 2, new HypercallExperiment.Options { Calls = 500 }, threads: 1);
        var loaded = HypercallExperiment.RunMany(new PlatformParameters(), Comparison with { Dom0NetLoadMbps = 1000 }, 5, 2, new HypercallExperiment.Options { Calls = 500 }, threads: 1);
        Assert.True(loaded.Max() > quiet.Max());
        Assert.Equal(1000, loaded.Length);
    }
}
