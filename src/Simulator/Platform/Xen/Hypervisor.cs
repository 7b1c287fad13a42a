using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// The Xen hypervisor of one simulated board: pCPUs, domains, the active scheduler, and the
/// operations guests and the dom0 toolstack invoke. Placeholder: the Xen-layer work fills it.
/// </summary>
public sealed partial class Hypervisor
{
    public Hypervisor(Simulation sim, int pcpus, SchedulerKind scheduler, XenCosts costs, IXenObserver? observer = null)
    {
        Sim = sim;
        Pcpus = Enumerable.Range(0, pcpus).Select(i => new Pcpu(i)).ToArray();
        SchedulerKind = scheduler;
        Costs = costs;
        Observer = observer ?? NullXenObserver.Instance;
    }

    public Simulation Sim { get; }
    public Pcpu[] Pcpus { get; }
    public SchedulerKind SchedulerKind { get; }
    public XenCosts Costs { get; }
    public IXenObserver Observer { get; set; }
}
