namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>What guest code triggers: WFI (block), WFE (yield), and interrupts or events for a vCPU.</summary>
public sealed partial class Hypervisor
{
    /// <summary>
    /// The guest on <paramref name="v"/> executes WFI and it traps (vwfi=trap): vcpu_block. If an
    /// event is pending the WFI returns at once (the flag is consumed and the guest keeps
    /// running). Otherwise the vCPU is blocked and schedule() runs on its pCPU right now: the
    /// running->blocked record is written, <see cref="IGuestCpu.OnStop"/> is called before this
    /// method returns, and the pCPU goes to another vCPU or idles.
    /// </summary>
    public void Block(Vcpu v)
    {
        var p = RequireExecutingGuest(v, nameof(Block));
        if (v.EventPending)
        {
            v.EventPending = false;
            return;
        }
        v.Blocked = true;
        Schedule(p);
    }

    /// <summary>
    /// The guest on <paramref name="v"/> gives its pCPU away (WFE trap or SCHEDOP_yield): the
    /// scheduler's yield hook, then schedule() on its pCPU now. Under null nothing changes.
    /// </summary>
    public void Yield(Vcpu v)
    {
        var p = RequireExecutingGuest(v, nameof(Yield));
        Scheduler.Yield(v);
        Schedule(p);
    }

    /// <summary>
    /// An interrupt, event-channel notification or virtual-timer expiry for <paramref name="v"/>,
    /// handled by Xen on v's processor (<see cref="Vcpu.LastPcpu"/>); see <see cref="Kick(Vcpu, int)"/>.
    /// </summary>
    public void Kick(Vcpu v)
    {
        ArgumentNullException.ThrowIfNull(v);
        Kick(v, v.LastPcpu >= 0 ? v.LastPcpu : 0);
    }

    /// <summary>
    /// An interrupt or event for <paramref name="v"/>, handled by Xen on <paramref name="onPcpu"/>
    /// (where the TRC_SCHED_WAKE record goes).
    /// <list type="bullet">
    /// <item>Blocked: vcpu_unblock, so Blocked clears and vcpu_wake runs. If the domain is paused,
    /// that only writes the deferred blocked->offline record; the vCPU runs after the unpause.</item>
    /// <item>Executing guest code: nothing here. The guest takes the interrupt itself, so
    /// <see cref="Vcpu.EventPending"/> stays false; guest code that will block must check its own
    /// work first.</item>
    /// <item>Otherwise (runnable but waiting, being switched, paused while runnable, not started):
    /// the event waits in the vGIC, <see cref="Vcpu.EventPending"/> becomes true, and the guest's
    /// next WFI returns at once.</item>
    /// </list>
    /// </summary>
    public void Kick(Vcpu v, int onPcpu)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (v.Blocked)
        {
            v.Blocked = false;
            VcpuWake(v, onPcpu);
            return;
        }
        if (v.ExecutingGuest) return;
        v.EventPending = true;
    }

    private static Pcpu RequireExecutingGuest(Vcpu v, string op)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (!v.ExecutingGuest || v.Pcpu is not { } p)
            throw new InvalidOperationException($"{op}({v}): the vCPU is not executing guest code");
        if (p.InHypervisor)
            throw new InvalidOperationException($"{op}({v}): the vCPU is inside a hypercall");
        return p;
    }
}
