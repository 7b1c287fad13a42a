using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Linux;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.Toolstack;

/// <summary>What the toolstack's processes share: dom0's kernel, Xen, xenstored, costs, and the domain list.</summary>
public sealed class ToolstackContext(
    LinuxKernel kernel, Hypervisor xen, Xenstored xenstored, CpuWork work, PlatformParameters p,
    IReadOnlyList<Domain> domains, StorageStalls storage, DirectReclaim reclaim)
{
    public LinuxKernel Kernel { get; } = kernel;
    public Hypervisor Xen { get; } = xen;
    public Xenstored Xenstored { get; } = xenstored;
    public CpuWork Work { get; } = work;
    public PlatformParameters P { get; } = p;

    /// <summary>Domains in domid order, as libxl_list_domain returns them.</summary>
    public IReadOnlyList<Domain> Domains { get; } = domains;

    public StorageStalls Storage { get; } = storage;

    /// <summary>Direct reclaim met by xl's exec when dom0's free memory is short (file-backed domU disk).</summary>
    public DirectReclaim Reclaim { get; } = reclaim;

    /// <summary>Where the hypercall's effect begins, per operation (the Xen-side probes refine it).</summary>
    public Action<SwitchOp, Domain, long>? OnDomctl { get; set; }

    /// <summary>Issues the domctl at this instant, on <paramref name="caller"/>'s vCPU.</summary>
    public void EnterDomctl(SwitchOp op, Domain target, Vcpu caller, Action<long> onReturn)
    {
        OnDomctl?.Invoke(op, target, Kernel.Sim.NowNs);
        if (op == SwitchOp.Pause) Xen.PauseDomain(target, caller, onReturn);
        else Xen.UnpauseDomain(target, caller, onReturn);
    }
}
