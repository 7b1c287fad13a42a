namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// The hooks of Xen's <c>struct scheduler</c> that matter here (insert_unit, wake, sleep, yield,
/// do_schedule, context_saved). The core (<see cref="Hypervisor"/>) owns runstates, the context
/// switch, softirq delivery and the per-pCPU timer s_timer; a scheduler only decides. Hooks run
/// at <c>Sim.NowNs</c> and must not allocate.
/// </summary>
internal abstract class XenScheduler(Hypervisor xen)
{
    protected readonly Hypervisor Xen = xen;

    protected long Now => Xen.Sim.NowNs;

    /// <summary>sched_insert_unit: a vCPU is created (v.LastPcpu holds its initial processor).</summary>
    public abstract void Insert(Vcpu v);

    /// <summary>A domain starts; schedulers that place vCPUs statically re-check hard affinity here.</summary>
    public virtual void DomainStarting(Domain d) { }

    /// <summary>unit_wake: called by vcpu_wake when the vCPU is runnable.</summary>
    public abstract void Wake(Vcpu v);

    /// <summary>unit_sleep: called by vcpu_sleep_nosync when the vCPU is not runnable.</summary>
    public abstract void Sleep(Vcpu v);

    /// <summary>yield: the running vCPU gives way (vwfi=trap WFE, SCHEDOP_yield).</summary>
    public virtual void Yield(Vcpu v) { }

    /// <summary>
    /// do_schedule on <paramref name="p"/>, whose current vCPU is <paramref name="prev"/> (null =
    /// idle): returns the vCPU to run (null = idle) and the time until the next forced schedule
    /// (negative = no timer).
    /// </summary>
    public abstract Vcpu? DoSchedule(Pcpu p, Vcpu? prev, long now, out long nextTimeNs);

    /// <summary>context_saved: <paramref name="v"/>'s context has been saved after it was switched away.</summary>
    public virtual void ContextSaved(Vcpu v) { }
}
