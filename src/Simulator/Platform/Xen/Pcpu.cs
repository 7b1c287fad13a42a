namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>A physical CPU. Runs at most one vCPU; null means Xen's idle vCPU.</summary>
public sealed class Pcpu(int id)
{
    public int Id { get; } = id;

    /// <summary>The vCPU executing here (guest code or a hypercall), or null when idle.</summary>
    public Vcpu? Current { get; internal set; }

    /// <summary>When <see cref="Current"/> took this pCPU (for rate limits and credit burn).</summary>
    public long CurrentSinceNs { get; internal set; }

    /// <summary>True between a context switch's start and end (neither vCPU runs guest code).</summary>
    public bool Switching { get; internal set; }

    public bool IsIdle => Current is null && !Switching;

    /// <summary>
    /// The current vCPU is inside a hypercall (a domctl spinning in vcpu_sleep_sync): Xen does not
    /// run softirqs until it returns, so this pCPU cannot be rescheduled meanwhile.
    /// </summary>
    public bool InHypervisor { get; internal set; }

    // ---- Xen core state, internal ----

    /// <summary>SCHEDULE_SOFTIRQ is raised and schedule() has not yet run.</summary>
    internal bool SoftirqPending;

    /// <summary>Lazy cancellation of the in-flight SGI delivery (bumped by every schedule()).</summary>
    internal int SoftirqToken;

    /// <summary>Lazy cancellation of the scheduler timer s_timer (bumped by every schedule()).</summary>
    internal int TimerToken;

    /// <summary>The vCPU whose context is being saved during <see cref="Switching"/> (null: idle).</summary>
    internal Vcpu? SwitchPrev;

    internal PcpuEvents Events = null!;
}
