using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;
using static XenSwitchSim.Simulator.Tests.Xen.XenTestKit;

namespace XenSwitchSim.Simulator.Tests.Xen;

public class PauseTests
{
    private static readonly long Base = Costs.DomctlBaseNs, PerVcpu = Costs.PerVcpuOpNs;
    private static readonly long Ipi = Costs.IpiLatencyNs, Cs = Costs.ContextSwitchNs, IdleWake = Costs.IdleWakeNs;

    private sealed class Board
    {
        public readonly Simulation Sim = new();
        public readonly RecordingObserver Trace = new();
        public readonly Hypervisor Xen;
        public readonly Domain Dom0;

        public Board(SchedulerKind kind = SchedulerKind.Credit2, int pcpus = 4)
        {
            Xen = new Hypervisor(Sim, pcpus, kind, Costs, Trace);
            Dom0 = Domain(Xen, 0, 1, busy: true, pins: [0]).Domain;
            Xen.StartDomain(Dom0);
        }

        public Vcpu Caller => Dom0.Vcpus[0];
    }

    [Fact]
    public void Pausing_a_running_vcpu_returns_only_after_its_deschedule_and_context_save()
    {
        var b = new Board();
        var (a, guests) = Domain(b.Xen, 1, 1, busy: true);
        b.Xen.StartDomain(a);
        const long t0 = 5_000_000;
        long returned = -1;
        At(b.Sim, t0, () => b.Xen.PauseDomain(a, b.Caller, t => returned = t));
        b.Sim.Run(20_000_000);

        var v = a.Vcpus[0];
        var p = v.LastPcpu;
        Assert.NotEqual(0, p);
        Assert.Equal(t0 + Base + Ipi + Cs + PerVcpu, returned);
        Assert.Contains(new XenRecord(t0 + Base, "sleep", 0, "d1v0", default, default, ""), b.Trace.Records);
        var off = b.Trace.Runstates("d1v0").Last();
        Assert.Equal((t0 + Base + Ipi, p, RunState.Running, RunState.Offline), (off.AtNs, off.Pcpu, off.From, off.To));
        Assert.Equal(t0 + Base + Ipi, guests[0].Runs.Last().Stop);
        Assert.Equal(RunState.Offline, v.RunState);
        Assert.False(v.IsRunning);
        Assert.Null(b.Xen.Pcpus[p].Current);
    }

    [Fact]
    public void Pausing_a_blocked_vcpu_returns_at_once_and_its_offline_record_waits_for_its_next_timer()
    {
        var b = new Board();
        var (a, guests) = Domain(b.Xen, 1, 1, busy: false);
        b.Xen.StartDomain(a);
        var timer = new PeriodicKick(b.Xen, a.Vcpus[0], 2_000_000, 4_000_000); // 2, 6, 10 ms ...
        const long t0 = 7_000_000;
        long returned = -1;
        At(b.Sim, t0, () => b.Xen.PauseDomain(a, b.Caller, t => returned = t));
        b.Sim.Run(12_000_000);

        Assert.Equal(t0 + Base + PerVcpu, returned);
        var records = b.Trace.Runstates("d1v0").Where(r => r.AtNs >= t0).ToList();
        // Nothing at pause time: the first record after the pause is the 10 ms timer's.
        var offline = Assert.Single(records);
        Assert.Equal((10_000_000L, RunState.Blocked, RunState.Offline), (offline.AtNs, offline.From, offline.To));
        Assert.Contains(b.Trace.Records, r => r.Kind == "wake" && r.Vcpu == "d1v0" && r.AtNs == 10_000_000);
        Assert.DoesNotContain(guests[0].RunStarts, s => s >= t0);

        // The timer already unblocked it: unpause makes it run at once on an idle pCPU.
        const long t1 = 15_000_000;
        At(b.Sim, t1, () => b.Xen.UnpauseDomain(a, b.Caller, _ => { }));
        b.Sim.Run(t1 + 1_000_000);
        Assert.Equal(t1 + Base + IdleWake + Cs, guests[0].RunStarts.First(s => s >= t1));
    }

    [Fact]
    public void A_blocked_vcpu_paused_and_unpaused_between_two_timers_stays_blocked_until_the_next()
    {
        var b = new Board();
        var (a, guests) = Domain(b.Xen, 1, 1, busy: false);
        b.Xen.StartDomain(a);
        _ = new PeriodicKick(b.Xen, a.Vcpus[0], 2_000_000, 4_000_000);
        At(b.Sim, 3_000_000, () => b.Xen.PauseDomain(a, b.Caller, _ => { }));
        At(b.Sim, 4_000_000, () => b.Xen.UnpauseDomain(a, b.Caller, _ => { }));
        b.Sim.Run(7_000_000);

        Assert.DoesNotContain(b.Trace.Runstates("d1v0"), r => r.AtNs is > 3_000_000 and < 6_000_000);
        Assert.Equal(RunState.Blocked, b.Trace.Runstates("d1v0").First(r => r.AtNs >= 6_000_000).From);
        Assert.Contains(guests[0].RunStarts, s => s is > 6_000_000 and < 6_100_000);
    }

    [Fact]
    public void Pausing_a_runnable_vcpu_writes_runnable_to_offline_at_once_on_the_callers_pcpu()
    {
        var b = new Board(pcpus: 2);
        var (a, _) = Domain(b.Xen, 1, 2, busy: true, pins: [1, 1]); // two busy vCPUs share pCPU 1
        b.Xen.StartDomain(a);
        const long t0 = 5_300_000;
        Vcpu? running = null, waiting = null;
        long returned = -1;
        At(b.Sim, t0, () =>
        {
            running = a.Vcpus.Single(v => v.RunState == RunState.Running);
            waiting = a.Vcpus.Single(v => v.RunState == RunState.Runnable);
            b.Xen.PauseDomain(a, b.Caller, t => returned = t);
        });
        b.Sim.Run(20_000_000);

        // vCPUs are put to sleep in turn; the runnable one goes offline at its own sleep, on pCPU 0.
        var waitingFirst = waiting!.Index == 0;
        var waitingSleep = waitingFirst ? t0 + Base : t0 + Base + Ipi + Cs + PerVcpu;
        var runningSleep = waitingFirst ? t0 + Base + PerVcpu : t0 + Base;
        var w = b.Trace.Runstates(waiting.ToString()).Last();
        Assert.Equal((waitingSleep, 0, RunState.Runnable, RunState.Offline), (w.AtNs, w.Pcpu, w.From, w.To));
        var r = b.Trace.Runstates(running!.ToString()).Last();
        Assert.Equal((runningSleep + Ipi, 1, RunState.Running, RunState.Offline), (r.AtNs, r.Pcpu, r.From, r.To));
        Assert.Equal(t0 + Base + Ipi + Cs + 2 * PerVcpu, returned);
        Assert.Null(b.Xen.Pcpus[1].Current); // the waiting one was not picked: it is paused too
    }

    [Fact]
    public void Pauses_nest_and_unpausing_an_unpaused_domain_is_an_error()
    {
        var b = new Board();
        var (a, guests) = Domain(b.Xen, 1, 1, busy: true);
        b.Xen.StartDomain(a);
        At(b.Sim, 1_000_000, () => b.Xen.PauseDomain(a, b.Caller, _ => b.Xen.PauseDomain(a, b.Caller, _ => { })));
        b.Sim.Run(2_000_000);
        Assert.Equal(2, a.ControllerPauseCount);
        Assert.Equal(2L, b.Xen.ControllerPauseCount(a));

        At(b.Sim, 3_000_000, () => b.Xen.UnpauseDomain(a, b.Caller, _ => { }));
        b.Sim.Run(8_000_000);
        Assert.Equal(1, a.ControllerPauseCount);
        Assert.DoesNotContain(guests[0].RunStarts, s => s > 1_000_000);

        At(b.Sim, 9_000_000, () => b.Xen.UnpauseDomain(a, b.Caller, _ => { }));
        b.Sim.Run(10_000_000);
        Assert.Equal(0, a.ControllerPauseCount);
        Assert.Contains(guests[0].RunStarts, s => s > 9_000_000);

        XenDomctlException? refused = null;
        int rc = 0;
        long rcAt = -1;
        At(b.Sim, 11_000_000, () =>
        {
            refused = Assert.Throws<XenDomctlException>(() => b.Xen.UnpauseDomain(a, b.Caller, _ => { }));
            b.Xen.UnpauseDomain(a, b.Caller, (t, code) => (rcAt, rc) = (t, code));
        });
        b.Sim.Run(12_000_000);
        Assert.Equal(XenErrno.EINVAL, refused!.Errno);
        Assert.Equal((11_000_000 + Base, -XenErrno.EINVAL), (rcAt, rc));
        Assert.Equal(0, a.ControllerPauseCount);
    }

    [Fact]
    public void A_domain_cannot_pause_itself()
    {
        var b = new Board();
        At(b.Sim, 1_000_000, () =>
            Assert.Equal(XenErrno.EINVAL, Assert.Throws<XenDomctlException>(() => b.Xen.PauseDomain(b.Dom0, b.Caller, _ => { })).Errno));
        b.Sim.Run(2_000_000);
    }

    [Fact]
    public void Unpause_wakes_every_vcpu_and_they_run()
    {
        var b = new Board();
        var (a, guests) = Domain(b.Xen, 1, 2, busy: true);
        b.Xen.StartDomainPaused(a);
        Assert.Equal(1, a.ControllerPauseCount);
        Assert.All(a.Vcpus, v => Assert.Equal(RunState.Offline, v.RunState));
        long returned = -1;
        At(b.Sim, 1_000_000, () => b.Xen.UnpauseDomain(a, b.Caller, t => returned = t));
        b.Sim.Run(2_000_000);

        Assert.Equal(1_000_000 + Base + 2 * PerVcpu, returned);
        for (var i = 0; i < 2; i++)
        {
            var wakeAt = 1_000_000 + Base + i * PerVcpu;
            Assert.Contains(new XenRecord(wakeAt, "wake", 0, $"d1v{i}", default, default, ""), b.Trace.Records);
            Assert.Equal(wakeAt + IdleWake + Cs, Assert.Single(guests[i].RunStarts));
        }
    }

    [Fact]
    public void The_caller_keeps_its_pcpu_while_it_spins_and_a_pending_reschedule_runs_on_return()
    {
        var b = new Board(pcpus: 2);
        var (a, _) = Domain(b.Xen, 1, 1, busy: true, pins: [1]);
        var (w, wGuests) = Domain(b.Xen, 2, 1, busy: false, pins: [0]); // wants the caller's pCPU
        b.Xen.StartDomain(a);
        b.Xen.StartDomain(w);
        const long t0 = 30_000_000;
        long returned = -1;
        At(b.Sim, t0, () => b.Xen.PauseDomain(a, b.Caller, t => returned = t));
        At(b.Sim, t0 + Base + 1_000, () => b.Xen.Kick(w.Vcpus[0])); // during the spin
        b.Sim.Run(t0 + 1_000_000);

        Assert.Equal(t0 + Base + Ipi + Cs + PerVcpu, returned);
        var callerRuns = ((FakeGuest)b.Caller.Guest).Runs;
        // W has more credit and the caller has run past the ratelimit, so pCPU 0 was tickled, but
        // the caller was in Xen: it is descheduled exactly when the hypercall returns.
        Assert.Equal(returned, callerRuns.Single(r => r.Stop > t0).Stop);
        Assert.Equal(returned + Cs, wGuests[0].RunStarts.Single(s => s > t0));
    }
}
