using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;
using static XenSwitchSim.Simulator.Tests.Xen.XenTestKit;

namespace XenSwitchSim.Simulator.Tests.Xen;

public class Credit2Tests
{
    private static readonly long Base = Costs.DomctlBaseNs;
    private static readonly long Ipi = Costs.IpiLatencyNs, Cs = Costs.ContextSwitchNs, IdleWake = Costs.IdleWakeNs;

    [Fact]
    public void An_unpaused_vcpu_with_an_idle_pcpu_runs_after_the_idle_wake_and_a_context_switch()
    {
        var sim = new Simulation();
        var trace = new RecordingObserver();
        var xen = new Hypervisor(sim, 4, SchedulerKind.Credit2, Costs, trace);
        var (dom0, _) = Domain(xen, 0, 1, busy: true);
        var (s, guests) = Domain(xen, 2, 1, busy: true);
        xen.StartDomain(dom0);
        xen.StartDomainPaused(s);
        const long t0 = 1_000_000;
        At(sim, t0, () => xen.UnpauseDomain(s, dom0.Vcpus[0], _ => { }));
        sim.Run(2_000_000);

        // Its processor (pCPU 0) is busy with the caller, so runq_tickle takes the next idle one.
        var wake = t0 + Base;
        Assert.Contains(new XenRecord(wake, "runstate", 0, "d2v0", RunState.Offline, RunState.Runnable, ""), trace.Records);
        Assert.Contains(new XenRecord(wake + IdleWake, "runstate", 1, "d2v0", RunState.Runnable, RunState.Running, ""), trace.Records);
        Assert.Equal(wake + IdleWake + Cs, Assert.Single(guests[0].RunStarts));
    }

    /// <summary>dom0 (1 vCPU) and 4 busy domU vCPUs on 4 pCPUs, a paused standby; all credit2.</summary>
    private static (Simulation, Hypervisor, Domain Dom0, Domain Busy, Domain Standby, FakeGuest Guest) FullLoad()
    {
        var sim = new Simulation();
        var xen = new Hypervisor(sim, 4, SchedulerKind.Credit2, Costs);
        var (dom0, _) = Domain(xen, 0, 1, busy: true);
        var (a, _) = Domain(xen, 1, 4, busy: true);
        var (s, g) = Domain(xen, 2, 1, busy: true);
        xen.StartDomain(dom0);
        xen.StartDomain(a);
        xen.StartDomainPaused(s);
        return (sim, xen, dom0, a, s, g[0]);
    }

    [Fact]
    public void Under_full_load_a_woken_vcpu_with_more_credit_preempts_once_the_ratelimit_allows()
    {
        var samples = 0;
        for (var t0 = 50_000_000L; t0 < 60_000_000L; t0 += 377_777)
        {
            var (sim, xen, dom0, _, s, guest) = FullLoad();
            var taken = false;
            At(sim, t0, () =>
            {
                if (!dom0.Vcpus[0].ExecutingGuest) return; // the caller is waiting for a pCPU itself
                taken = true;
                xen.UnpauseDomain(s, dom0.Vcpus[0], _ => { });
            });
            sim.Run(t0 + 20_000_000);
            if (!taken) continue;
            samples++;
            // A standby's credit was reset while paused (10.5 ms): more than anyone running.
            var wait = guest.FirstRunNs - (t0 + Base);
            Assert.InRange(wait, Cs, Costs.RatelimitNs + Ipi + Cs);
        }
        Assert.True(samples >= 10, $"only {samples} samples");
    }

    [Fact]
    public void Under_full_load_a_woken_vcpu_without_more_credit_is_not_tickled_and_waits_for_a_scheduling_point()
    {
        var samples = 0;
        for (var t0 = 50_000_000L; t0 < 60_000_000L; t0 += 377_777)
        {
            var (sim, xen, dom0, a, s, guest) = FullLoad();
            var taken = false;
            At(sim, t0, () =>
            {
                if (!dom0.Vcpus[0].ExecutingGuest) return;
                taken = true;
                // Not higher than any running vCPU's credit when it wakes (the wake is Base later).
                var min = a.Vcpus.Append(dom0.Vcpus[0]).Where(v => v.RunState == RunState.Running).Min(xen.CreditNowNs);
                s.Vcpus[0].CreditNs = min - Base;
                xen.UnpauseDomain(s, dom0.Vcpus[0], _ => { });
            });
            sim.Run(t0 + 40_000_000);
            if (!taken) continue;
            samples++;
            var wait = guest.FirstRunNs - (t0 + Base);
            Assert.InRange(wait, 100_000, Costs.Credit2MaxTimerNs + Costs.RatelimitNs);
        }
        Assert.True(samples >= 10, $"only {samples} samples");
    }

    [Fact]
    public void Credit_resets_keep_eight_busy_vcpus_on_four_pcpus_sharing_equally()
    {
        var sim = new Simulation();
        var xen = new Hypervisor(sim, 4, SchedulerKind.Credit2, Costs);
        var (a, ga) = Domain(xen, 1, 4, busy: true);
        var (b, gb) = Domain(xen, 2, 4, busy: true);
        xen.StartDomain(a);
        xen.StartDomain(b);
        const long end = 1_000_000_000;
        sim.Run(end);

        var shares = ga.Concat(gb).Select(g => g.RunTimeNs(end)).ToArray();
        var mean = shares.Average();
        Assert.InRange(mean, 0.45e9, 0.5e9); // 4 pCPUs x 1 s / 8, less context switches
        Assert.All(shares, x => Assert.InRange(x, mean * 0.97, mean * 1.03));
    }

    [Fact]
    public void No_vcpu_is_preempted_before_the_ratelimit_less_its_tolerance()
    {
        var sim = new Simulation();
        var trace = new RecordingObserver();
        var xen = new Hypervisor(sim, 4, SchedulerKind.Credit2, Costs, trace);
        var (a, _) = Domain(xen, 1, 4, busy: true);
        var (b, _) = Domain(xen, 2, 4, busy: true);
        var (w, _) = Domain(xen, 3, 4, busy: false); // wake every 300 us with plenty of credit
        xen.StartDomain(a);
        xen.StartDomain(b);
        xen.StartDomain(w);
        for (var i = 0; i < 4; i++) _ = new PeriodicKick(xen, w.Vcpus[i], 100_000 + i * 70_000, 300_000);
        sim.Run(200_000_000);

        var preemptions = 0;
        var shortSlices = 0;
        foreach (var v in a.Vcpus.Concat(b.Vcpus))
        {
            long since = -1;
            foreach (var r in trace.Runstates(v.ToString()))
            {
                if (r.To == RunState.Running) since = r.AtNs;
                else if (r.From == RunState.Running && r.To == RunState.Runnable)
                {
                    preemptions++;
                    var ran = r.AtNs - since;
                    Assert.True(ran >= Costs.RatelimitNs - Costs.RatelimitToleranceNs, $"{v} preempted after {ran} ns at {r.AtNs}");
                    if (ran < 2_000_000) shortSlices++;
                }
            }
        }
        Assert.True(preemptions > 500, $"{preemptions} preemptions");
        Assert.True(shortSlices > 100, $"{shortSlices} preemptions soon after the ratelimit: the wakers should cause them");
    }

    [Fact]
    public void Hard_affinity_is_honoured()
    {
        var sim = new Simulation();
        var trace = new RecordingObserver();
        var xen = new Hypervisor(sim, 4, SchedulerKind.Credit2, Costs, trace);
        var (a, _) = Domain(xen, 1, 3, busy: true, pins: [2, 2, 3]);
        var (b, _) = Domain(xen, 2, 2, busy: true);
        xen.StartDomain(a);
        xen.StartDomain(b);
        sim.Run(100_000_000);
        foreach (var r in trace.Records.Where(r => r.Kind == "runstate" && r.To == RunState.Running && r.Vcpu.StartsWith("d1", StringComparison.Ordinal)))
            Assert.Equal(r.Vcpu == "d1v2" ? 3 : 2, r.Pcpu);
    }
}
