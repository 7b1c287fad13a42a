using XenSwitchSim.Hardware.Counters;
using XenSwitchSim.Hardware.Recording;

namespace XenSwitchSim.Hardware.Tests;

public class HypercallBenchTests
{
    [Fact]
    public void Times_each_version_call_after_a_warm_up_and_bins_them_by_decade()
    {
        var xc = new FakeXenControl();
        var us = HypercallBench.Run(xc, new StopwatchCounter(), 200);
        Assert.Equal(201, xc.VersionCalls); // one warm-up call, not timed
        Assert.Equal(200, us.Length);
        Assert.All(us, x => Assert.True(x >= 0));
        var decades = HypercallBench.Decades([5, 50, 50, 500, 5000, 50000]);
        Assert.Equal(["1us", "10us", "100us", "1000us", "10000us"], decades.Select(d => d.Decade));
        Assert.Equal([1 / 6.0, 2 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0], decades.Select(d => d.Share));
    }
}
