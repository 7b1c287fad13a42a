using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;
using static XenSwitchSim.Simulator.Tests.Xen.XenTestKit;

namespace XenSwitchSim.Simulator.Tests.Xen;

public class XenAllocationTests
{
    /// <summary>
    /// 10 000 replications must run in seconds, so scheduling paths allocate nothing per event:
    /// after warm-up, only one-off growth of arrays (event heap, run queues) may allocate.
    /// </summary>
    [Theory]
    [InlineData(SchedulerKind.Credit2)]
    [InlineData(SchedulerKind.Null)]
    [InlineData(SchedulerKind.Credit)]
    public void Steady_state_scheduling_allocates_nothing_per_event(SchedulerKind kind)
    {
        var sim = new Simulation();
        var xen = new Hypervisor(sim, 4, kind, Costs);
        var n = kind == SchedulerKind.Null ? 2 : 4;
        for (var d = 1; d <= 2; d++)
        {
            var guests = new IGuestCpu[n];
            for (var i = 0; i < n; i++) guests[i] = new BurstyGuest(xen, RandomStream.For(1, 0, $"d{d}v{i}"), 300_000, 2_000_000);
            xen.StartDomain(xen.CreateDomain(d, $"d{d}", guests));
        }
        sim.Run(100_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var events = sim.DispatchedEvents;
        sim.Run(20_000_000_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        events = sim.DispatchedEvents - events;
        Assert.True(events > 100_000, $"{events} events");
        Assert.True(allocated < 16_384, $"{allocated} bytes over {events} events");
    }
}
