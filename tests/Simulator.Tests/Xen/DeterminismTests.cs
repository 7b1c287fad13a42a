using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;
using static XenSwitchSim.Simulator.Tests.Xen.XenTestKit;

namespace XenSwitchSim.Simulator.Tests.Xen;

public class XenDeterminismTests
{
    /// <summary>
    /// One switch replication: dom0 (2 vCPUs), an active domU (3), a paused standby (3), all
    /// bursty; dom0 pauses the active domU at 50 ms and unpauses the standby when that returns.
    /// </summary>
    internal static (List<string> Trace, long Events, long SwitchedAt) Replicate(SchedulerKind kind, ulong seed, long rep, bool record = true, int pcpus = 4)
    {
        var sim = new Simulation();
        var trace = new List<string>();
        var observer = record ? new RecordingObserver() : null;
        var xen = new Hypervisor(sim, pcpus, kind, Costs, observer);
        Domain Make(int id, int n)
        {
            var guests = new IGuestCpu[n];
            for (var i = 0; i < n; i++) guests[i] = new BurstyGuest(xen, RandomStream.For(seed, rep, $"d{id}v{i}"), 300_000, 2_000_000);
            return xen.CreateDomain(id, $"d{id}", guests);
        }
        var dom0 = Make(0, kind == SchedulerKind.Null ? 1 : 2);
        var active = Make(1, kind == SchedulerKind.Null ? 1 : 3);
        var standby = Make(2, kind == SchedulerKind.Null ? 1 : 3);
        xen.StartDomain(dom0);
        xen.StartDomain(active);
        xen.StartDomainPaused(standby);
        long switchedAt = -1;
        var switcher = new SwitchAction(xen, dom0, active, standby, t => switchedAt = t);
        sim.Schedule(switcher, 50_000_000);
        sim.Run(200_000_000);
        if (observer is not null) trace.AddRange(observer.Records.Select(r => r.ToString()));
        return (trace, sim.DispatchedEvents, switchedAt);
    }

    /// <summary>Pauses the active domU from a dom0 vCPU that is executing, then unpauses the standby.</summary>
    private sealed class SwitchAction(Hypervisor xen, Domain dom0, Domain active, Domain standby, Action<long> done) : EventTarget
    {
        protected override void Fire(int token)
        {
            var caller = dom0.Vcpus.FirstOrDefault(v => v.ExecutingGuest);
            if (caller is null)
            {
                xen.Sim.Schedule(this, xen.Sim.NowNs + 100_000); // no dom0 vCPU on a pCPU: retry later
                return;
            }
            // The caller's guest code waits in the hypercalls (the dom0 layer's job in the real model).
            var guest = (BurstyGuest)caller.Guest;
            guest.Suspend(caller);
            xen.PauseDomain(active, caller, _ => xen.UnpauseDomain(standby, caller, t =>
            {
                guest.Resume(caller);
                done(t);
            }));
        }
    }

    [Theory]
    [InlineData(SchedulerKind.Credit2)]
    [InlineData(SchedulerKind.Null)]
    [InlineData(SchedulerKind.Credit)]
    public void The_same_seed_gives_the_same_trace_and_another_seed_does_not(SchedulerKind kind)
    {
        var a = Replicate(kind, 7, 3);
        var b = Replicate(kind, 7, 3);
        var c = Replicate(kind, 8, 3);
        Assert.True(a.Trace.Count > 200, $"{a.Trace.Count} records");
        Assert.True(a.SwitchedAt > 50_000_000, "the switch completed");
        Assert.Equal(a.Trace, b.Trace);
        Assert.NotEqual(a.Trace, c.Trace);
    }
}
