using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// The three things that can happen to a pCPU by themselves: an SGI arrives (SCHEDULE_SOFTIRQ
/// raised from elsewhere), its scheduler timer s_timer expires, a context switch completes.
/// Preallocated once per pCPU; each event carries a token so superseded ones are dropped lazily.
/// </summary>
internal sealed class PcpuEvents
{
    public PcpuEvents(Hypervisor xen, Pcpu pcpu)
    {
        Softirq = new SoftirqArrival(xen, pcpu);
        Timer = new SchedTimer(xen, pcpu);
        SwitchDone = new ContextSwitchDone(xen, pcpu);
        Domctl = new DomctlCall(xen, pcpu);
    }

    public readonly SoftirqArrival Softirq;
    public readonly SchedTimer Timer;
    public readonly ContextSwitchDone SwitchDone;

    /// <summary>The hypercall in progress on this pCPU (at most one: the caller spins in Xen).</summary>
    public readonly DomctlCall Domctl;

    internal sealed class SoftirqArrival(Hypervisor xen, Pcpu pcpu) : EventTarget
    {
        protected internal override void Fire(int token) => xen.OnSoftirqArrived(pcpu, token);
    }

    internal sealed class SchedTimer(Hypervisor xen, Pcpu pcpu) : EventTarget
    {
        protected internal override void Fire(int token) => xen.OnSchedTimer(pcpu, token);
    }

    internal sealed class ContextSwitchDone(Hypervisor xen, Pcpu pcpu) : EventTarget
    {
        protected internal override void Fire(int token) => xen.OnContextSwitchDone(pcpu);
    }
}
