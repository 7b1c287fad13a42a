using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;
using static XenSwitchSim.Simulator.Tests.Xen.XenTestKit;

namespace XenSwitchSim.Simulator.Tests.Xen;

public class NullTests
{
    [Fact]
    public void A_vcpu_in_the_wait_queue_never_runs_while_every_pcpu_is_assigned()
    {
        var sim = new Simulation();
        var xen = new Hypervisor(sim, 2, SchedulerKind.Null, Costs);
        var (dom0, _) = Domain(xen, 0, 2, busy: true);
        var (u, guests) = Domain(xen, 1, 1, busy: true);
        xen.StartDomain(dom0);
        xen.StartDomain(u);
        sim.Run(100_000_000);

        Assert.Equal([0, 1], dom0.Vcpus.Select(v => v.AssignedPcpu));
        Assert.Equal(-1, u.Vcpus[0].AssignedPcpu);
        Assert.Empty(guests[0].RunStarts);
        Assert.Equal(RunState.Runnable, u.Vcpus[0].RunState);
        Assert.Equal("null scheduler: d1v0 found no free pCPU in their affinity; a vCPU in null's wait queue never runs", xen.Infeasibility());
    }

    [Fact]
    public void A_paused_vcpu_keeps_its_pcpu_which_idles()
    {
        var sim = new Simulation();
        var trace = new RecordingObserver();
        var xen = new Hypervisor(sim, 3, SchedulerKind.Null, Costs, trace);
        var (dom0, _) = Domain(xen, 0, 1, busy: true);
        var (a, ga) = Domain(xen, 1, 2, busy: true);
        var (c, gc) = Domain(xen, 2, 1, busy: true); // no pCPU left: wait queue
        xen.StartDomain(dom0);
        xen.StartDomain(a);
        xen.StartDomain(c);
        var caller = dom0.Vcpus[0];
        At(sim, 10_000_000, () => xen.PauseDomain(a, caller, _ => { }));
        sim.Run(100_000_000);

        Assert.Equal([1, 2], a.Vcpus.Select(v => v.AssignedPcpu));
        Assert.Null(xen.Pcpus[1].Current);
        Assert.Null(xen.Pcpus[2].Current);
        Assert.Empty(gc[0].RunStarts);
        Assert.DoesNotContain(trace.Records, r => r.Kind == "switch" && r.Next == "d2v0");

        // Unpause: each vCPU is back on its own pCPU after the SGI wakes it and a context switch.
        const long t1 = 100_000_000;
        At(sim, t1, () => xen.UnpauseDomain(a, caller, _ => { }));
        sim.Run(t1 + 1_000_000);
        for (var i = 0; i < 2; i++)
        {
            var wake = t1 + Costs.DomctlBaseNs + i * Costs.PerVcpuOpNs;
            Assert.Equal(wake + Costs.IdleWakeNs + Costs.ContextSwitchNs, ga[i].RunStarts.Single(s => s > t1));
            Assert.Same(a.Vcpus[i], xen.Pcpus[i + 1].Current);
        }
    }

    [Fact]
    public void Null_assigns_pcpus_at_creation_in_creation_order_and_honours_pins()
    {
        var sim = new Simulation();
        var xen = new Hypervisor(sim, 4, SchedulerKind.Null, Costs);
        var (dom0, _) = Domain(xen, 0, 2, busy: true, pins: [0, 1]);
        var (a, _) = Domain(xen, 1, 2, busy: true, pins: [3, -1]);
        Assert.Equal([0, 1], dom0.Vcpus.Select(v => v.AssignedPcpu));
        Assert.Equal([3, 2], a.Vcpus.Select(v => v.AssignedPcpu));
        Assert.Null(xen.Infeasibility());
    }

    [Fact]
    public void A_blocked_vcpu_keeps_its_pcpu_and_a_kick_brings_it_back_there()
    {
        var sim = new Simulation();
        var xen = new Hypervisor(sim, 2, SchedulerKind.Null, Costs);
        var (dom0, _) = Domain(xen, 0, 1, busy: true);
        var (a, ga) = Domain(xen, 1, 1, busy: false);
        xen.StartDomain(dom0);
        xen.StartDomain(a);
        _ = new PeriodicKick(xen, a.Vcpus[0], 1_000_000, 1_000_000);
        sim.Run(5_500_000);
        Assert.Equal(6, ga[0].RunStarts.Count); // at start and after each of the 5 kicks
        Assert.All(ga[0].RunStarts.Skip(1), s => Assert.Equal(Costs.IdleWakeNs + Costs.ContextSwitchNs, s % 1_000_000));
        Assert.Equal(1, a.Vcpus[0].AssignedPcpu);
    }

    [Theory]
    [InlineData(SchedulerKind.Null, 4, 4, 3, 0, "null scheduler: 4 dom0 vCPUs + 3 domU vCPUs = 7 > 4 pCPUs; a vCPU in null's wait queue never runs")]
    [InlineData(SchedulerKind.Null, 4, 1, 3, 3, "null scheduler: 1 dom0 vCPUs + 3 domU vCPUs + 3 standby vCPUs = 7 > 4 pCPUs; a vCPU in null's wait queue never runs")]
    [InlineData(SchedulerKind.Null, 4, 1, 3, 0, null)]
    [InlineData(SchedulerKind.Null, 4, 1, 1, 2, null)]
    [InlineData(SchedulerKind.Credit2, 4, 4, 3, 3, null)]
    [InlineData(SchedulerKind.Credit, 4, 4, 12, 3, null)]
    public void Infeasibility_names_the_arithmetic(SchedulerKind kind, int pcpus, int dom0, int domU, int standby, string? expected) =>
        Assert.Equal(expected, Hypervisor.Infeasibility(kind, pcpus, dom0, domU, standby));
}
