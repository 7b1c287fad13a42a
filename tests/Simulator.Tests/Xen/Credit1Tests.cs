using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;
using static XenSwitchSim.Simulator.Tests.Xen.XenTestKit;

namespace XenSwitchSim.Simulator.Tests.Xen;

public class Credit1Tests
{
    /// <summary>Two OVER hogs on 2 pCPUs (first accounting at 30 ms) and a vCPU that blocks at once.</summary>
    private static (Simulation, Hypervisor, Vcpu Waker, FakeGuest Guest) Board()
    {
        var sim = new Simulation();
        var xen = new Hypervisor(sim, 2, SchedulerKind.Credit, Costs);
        var (hogs, _) = Domain(xen, 1, 2, busy: true);
        foreach (var v in hogs.Vcpus)
        {
            v.PriorityClass = CreditPriority.Over; // overspent: no BOOST when they start
            v.CreditNs = -20_000_000;
        }
        var (w, g) = Domain(xen, 2, 1, busy: false);
        xen.StartDomain(hogs);
        xen.StartDomain(w);
        return (sim, xen, w.Vcpus[0], g[0]);
    }

    [Fact]
    public void A_waking_under_vcpu_is_boosted_and_preempts_a_busy_over_one()
    {
        var (sim, xen, w, guest) = Board();
        At(sim, 4_000_000, () => w.PriorityClass = CreditPriority.Under);
        At(sim, 5_000_000, () => xen.Kick(w));
        sim.Run(6_000_000);
        Assert.Equal(CreditPriority.Boost, w.PriorityClass);
        // The hog on its pCPU has run for 5 ms (past the 1 ms ratelimit): one SGI and a switch.
        Assert.Equal(5_000_000 + Costs.IpiLatencyNs + Costs.ContextSwitchNs, guest.RunStarts.Last());
    }

    [Fact]
    public void A_waking_over_vcpu_is_not_boosted_and_waits_for_the_slice_to_end()
    {
        var (sim, xen, w, guest) = Board();
        At(sim, 4_000_000, () => w.PriorityClass = CreditPriority.Over);
        At(sim, 5_000_000, () => xen.Kick(w));
        sim.Run(40_000_000);
        var ran = guest.RunStarts.Last();
        Assert.InRange(ran, 25_000_000, 35_000_000); // the hogs' 30 ms slices (or the accounting) end first
    }

    [Fact]
    public void Ratelimit_delays_a_boosted_wake_until_the_current_vcpu_has_run_1_ms()
    {
        var sim = new Simulation();
        var xen = new Hypervisor(sim, 2, SchedulerKind.Credit, Costs);
        var (hogs, _) = Domain(xen, 1, 2, busy: true, pins: [0, 1]);
        foreach (var v in hogs.Vcpus) v.PriorityClass = CreditPriority.Over;
        var (x, _) = Domain(xen, 2, 1, busy: false, pins: [0]);
        var (w, gw) = Domain(xen, 3, 1, busy: false, pins: [0]);
        xen.StartDomain(hogs);
        xen.StartDomain(x);
        xen.StartDomain(w);
        // x preempts the hog on pCPU 0 and blocks at once, so the hog starts again right after.
        At(sim, 5_000_000, () => xen.Kick(x.Vcpus[0]));
        long hogSince = -1;
        At(sim, 5_200_000, () =>
        {
            hogSince = xen.Pcpus[0].CurrentSinceNs;
            Assert.Same(hogs.Vcpus[0], xen.Pcpus[0].Current);
            xen.Kick(w.Vcpus[0]);
        });
        sim.Run(8_000_000);
        Assert.Equal(5_000_000 + Costs.IpiLatencyNs + Costs.ContextSwitchNs, hogSince);
        Assert.Equal(hogSince + Costs.RatelimitNs + Costs.ContextSwitchNs, gw[0].RunStarts.Last());
    }

    [Fact]
    public void Accounting_shares_two_pcpus_among_three_hogs()
    {
        var sim = new Simulation();
        var xen = new Hypervisor(sim, 2, SchedulerKind.Credit, Costs);
        var (hogs, g) = Domain(xen, 1, 3, busy: true);
        xen.StartDomain(hogs);
        const long end = 3_000_000_000;
        sim.Run(end);
        var shares = g.Select(x => x.RunTimeNs(end)).ToArray();
        Assert.All(shares, x => Assert.InRange(x, 0.9 * end * 2 / 3, 1.1 * end * 2 / 3));
    }

    [Fact]
    public void An_idle_board_runs_out_of_events()
    {
        var sim = new Simulation();
        var xen = new Hypervisor(sim, 2, SchedulerKind.Credit, Costs);
        var (w, g) = Domain(xen, 1, 2, busy: false);
        xen.StartDomain(w);
        sim.Run(); // returns once accounting finds nobody active
        Assert.Equal(0, sim.PendingEvents);
        Assert.All(g, x => Assert.Single(x.RunStarts));
    }
}
