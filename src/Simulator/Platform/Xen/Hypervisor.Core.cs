namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// The scheduling core (xen/common/sched/core.c): vcpu_wake, vcpu_sleep_nosync, softirq delivery,
/// schedule(), the context switch and context_saved. Runstate records are written here, on the
/// pCPU Xen would write them on.
/// </summary>
public sealed partial class Hypervisor
{
    /// <summary>vcpu_runstate_change, traced as TRC_SCHED_RUNSTATE_CHANGE on <paramref name="pcpu"/>.</summary>
    internal void ChangeRunstate(Vcpu v, RunState to, int pcpu)
    {
        var now = Sim.NowNs;
        Observer.RunstateChange(now, pcpu, v, v.RunState, to);
        v.RunState = to;
        v.RunStateSinceNs = now;
    }

    /// <summary>
    /// vcpu_wake, executed on <paramref name="onPcpu"/>. A runnable vCPU that is blocked or
    /// offline becomes runnable and goes to the scheduler. A vCPU that is no longer blocked but
    /// paused only gets its deferred blocked->offline record (data-insights.md section 3).
    /// </summary>
    internal void VcpuWake(Vcpu v, int onPcpu)
    {
        Observer.Wake(Sim.NowNs, onPcpu, v);
        if (v.IsRunnable)
        {
            if (v.RunState >= RunState.Blocked) ChangeRunstate(v, RunState.Runnable, onPcpu);
            Scheduler.Wake(v);
        }
        else if (!v.Blocked && v.RunState == RunState.Blocked)
        {
            ChangeRunstate(v, RunState.Offline, onPcpu);
        }
    }

    /// <summary>
    /// vcpu_sleep_nosync, executed on <paramref name="onPcpu"/>: a runnable-not-running vCPU goes
    /// offline here and now; a running one is left to its pCPU (the scheduler's sleep hook pokes
    /// it); a blocked one gets no record at all.
    /// </summary>
    internal void VcpuSleepNosync(Vcpu v, int onPcpu)
    {
        Observer.Sleep(Sim.NowNs, onPcpu, v);
        if (v.IsRunnable) return;
        if (v.RunState == RunState.Runnable) ChangeRunstate(v, RunState.Offline, onPcpu);
        Scheduler.Sleep(v);
    }

    /// <summary>
    /// cpu_raise_softirq(SCHEDULE_SOFTIRQ) from another pCPU: an SGI that takes IpiLatencyNs to
    /// reach a busy pCPU's schedule(), IdleWakeNs for one idle in WFI. A pCPU in the middle of a
    /// context switch or of a hypercall sees the pending bit on its way out, with no extra delay.
    /// </summary>
    internal void RaiseScheduleSoftirq(Pcpu p)
    {
        if (p.SoftirqPending) return;
        p.SoftirqPending = true;
        if (p.Switching || p.InHypervisor) return;
        var delay = p.Current is null ? Costs.IdleWakeNs : Costs.IpiLatencyNs;
        Sim.Schedule(p.Events.Softirq, Sim.NowNs + delay, ++p.SoftirqToken);
    }

    internal void OnSoftirqArrived(Pcpu p, int token)
    {
        if (token != p.SoftirqToken || !p.SoftirqPending)
        {
            Sim.StaleEvents++; // schedule() already ran for another reason and consumed the softirq
            return;
        }
        if (p.Switching || p.InHypervisor) return; // handled on the way out
        Schedule(p);
    }

    /// <summary>s_timer_fn: raise_softirq locally; schedule() runs at once unless Xen is busy on this pCPU.</summary>
    internal void OnSchedTimer(Pcpu p, int token)
    {
        if (token != p.TimerToken)
        {
            Sim.StaleEvents++;
            return;
        }
        p.SoftirqPending = true;
        if (p.Switching || p.InHypervisor) return;
        Schedule(p);
    }

    /// <summary>
    /// schedule() on <paramref name="p"/> now: consume the softirq, stop s_timer, ask the scheduler,
    /// re-arm s_timer with its next_time, and switch if it chose another vCPU (prev == next is
    /// continue_running: no cost, no record).
    /// </summary>
    internal void Schedule(Pcpu p)
    {
        var now = Sim.NowNs;
        p.SoftirqPending = false;
        p.SoftirqToken++;
        p.TimerToken++;
        var prev = p.Current;
        var next = Scheduler.DoSchedule(p, prev, now, out var nextTimeNs);
        if (nextTimeNs >= 0) Sim.Schedule(p.Events.Timer, now + nextTimeNs, p.TimerToken);
        if (!ReferenceEquals(next, prev)) ContextSwitch(p, prev, next, now);
    }

    /// <summary>
    /// sched_switch_units + context_switch: the records are written now (prev's runstate becomes
    /// blocked, runnable or offline as Xen decides it), prev stops executing guest code now, and
    /// the pCPU is busy saving and restoring contexts for ContextSwitchNs. prev stays
    /// <see cref="Vcpu.IsRunning"/> until then.
    /// </summary>
    private void ContextSwitch(Pcpu p, Vcpu? prev, Vcpu? next, long now)
    {
        if (next is not null && next.IsRunning)
            throw new InvalidOperationException($"{next} chosen on pCPU {p.Id} while its context is live elsewhere");

        Observer.Switch(now, p.Id, prev, next);
        var stopGuest = false;
        if (prev is not null)
        {
            var to = prev.Blocked ? RunState.Blocked : prev.IsRunnable ? RunState.Runnable : RunState.Offline;
            ChangeRunstate(prev, to, p.Id);
            prev.Pcpu = null;
            stopGuest = prev.ExecutingGuest;
            prev.ExecutingGuest = false;
        }
        if (next is not null)
        {
            ChangeRunstate(next, RunState.Running, p.Id);
            next.Pcpu = p;
            next.LastPcpu = p.Id;
            next.IsRunning = true;
        }
        p.Current = next;
        p.CurrentSinceNs = now;
        p.Switching = true;
        p.SwitchPrev = prev;
        Sim.Schedule(p.Events.SwitchDone, now + Costs.ContextSwitchNs);
        // Last, so that a guest reacting to OnStop sees a consistent hypervisor.
        if (stopGuest) prev!.Guest.OnStop(prev);
    }

    /// <summary>
    /// The context switch has finished: prev's context is saved (is_running clears, a pause
    /// spinning on it may go on, the scheduler's context_saved runs). A softirq raised meanwhile
    /// runs schedule() before any guest code; otherwise next starts executing guest code.
    /// </summary>
    internal void OnContextSwitchDone(Pcpu p)
    {
        p.Switching = false;
        var prev = p.SwitchPrev;
        p.SwitchPrev = null;
        if (prev is not null)
        {
            prev.IsRunning = false;
            Scheduler.ContextSaved(prev);
            if (prev.SleepSyncWaiter is { } waiter)
            {
                prev.SleepSyncWaiter = null;
                waiter.VcpuSaved();
            }
        }
        if (p.SoftirqPending)
        {
            Schedule(p);
            if (p.Switching) return;
        }
        EnterGuest(p);
    }

    /// <summary>Resumes guest code on <paramref name="p"/> if its vCPU is not already executing it.</summary>
    private static void EnterGuest(Pcpu p)
    {
        var cur = p.Current;
        if (cur is null || cur.ExecutingGuest) return;
        cur.ExecutingGuest = true;
        cur.Guest.OnRun(cur);
    }

    /// <summary>Leaving Xen on <paramref name="p"/> (end of a hypercall): pending softirqs run first.</summary>
    internal void LeaveHypervisorOn(Pcpu p)
    {
        if (p.SoftirqPending && !p.Switching && !p.InHypervisor) Schedule(p);
    }
}
