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
}
