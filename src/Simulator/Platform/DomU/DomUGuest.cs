using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.DomU;

/// <summary>
/// A domU as the switch sees it: vCPUs that are busy (CPU hogs, or an idle loop that polls) or
/// that block in WFI when idle, the receive path of a network load on vCPU0, and the study's
/// timestamp sampler on vCPU0. Its vCPUs progress only while Xen runs them.
/// </summary>
public sealed class DomUGuest
{
    public DomUGuest(Simulation sim, Hypervisor xen, string name, int vcpus, int busyVcpus, bool pollWhenIdle,
        PlatformParameters p, RandomStream rng, Func<double>? netStackShare = null)
    {
        Sim = sim;
        Xen = xen;
        Name = name;
        Vcpus = new DomUVcpu[vcpus];
        for (var i = 0; i < vcpus; i++) Vcpus[i] = new DomUVcpu(this, i, busy: i < busyVcpus || pollWhenIdle);
        Sampler = new Sampler(this, p, rng);
        if (netStackShare is not null) NetStack = new NetStackLoad(this, p, netStackShare, rng);
    }

    public Simulation Sim { get; }
    public Hypervisor Xen { get; }
    public string Name { get; }
    public DomUVcpu[] Vcpus { get; }
    public Sampler Sampler { get; }
    public NetStackLoad? NetStack { get; }
    public Domain Domain { get; private set; } = null!;

    /// <summary>Called when any vCPU of this domain starts running guest code; probes set it.</summary>
    public Action<long>? OnRunStart { get; set; }

    /// <summary>When a vCPU of this domain last started running guest code.</summary>
    public long LastRunStartNs { get; internal set; } = -1;

    /// <summary>When a vCPU of this domain last stopped running guest code.</summary>
    public long LastStopNs { get; internal set; } = -1;

    public bool AnyRunning
    {
        get
        {
            foreach (var v in Vcpus) if (v.Running) return true;
            return false;
        }
    }

    public IReadOnlyList<IGuestCpu> GuestCpus => Vcpus;

    public void Bind(Domain d)
    {
        Domain = d;
        for (var i = 0; i < Vcpus.Length; i++) Vcpus[i].Vcpu = d.Vcpus[i];
    }
}
