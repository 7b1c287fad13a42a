using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Measurement;

/// <summary>Routes Xen's trace points to the probes of the domains being measured.</summary>
public sealed class ProbeObserver : IXenObserver
{
    private readonly List<DomainProbe> _probes = [];

    /// <summary>Also forwards every record (for --trace-run); null on the hot path.</summary>
    public IXenObserver? Next { get; set; }

    public void Add(DomainProbe p) => _probes.Add(p);

    private DomainProbe? Find(Vcpu v)
    {
        foreach (var p in _probes) if (p.Domain == v.Domain) return p;
        return null;
    }

    public void RunstateChange(long atNs, int pcpu, Vcpu vcpu, RunState from, RunState to)
    {
        Find(vcpu)?.OnRunstate(atNs, vcpu, from, to);
        Next?.RunstateChange(atNs, pcpu, vcpu, from, to);
    }

    public void Sleep(long atNs, int pcpu, Vcpu vcpu)
    {
        Find(vcpu)?.OnSleep(atNs, vcpu);
        Next?.Sleep(atNs, pcpu, vcpu);
    }

    public void Wake(long atNs, int pcpu, Vcpu vcpu)
    {
        Find(vcpu)?.OnWake(atNs, vcpu);
        Next?.Wake(atNs, pcpu, vcpu);
    }

    public void Switch(long atNs, int pcpu, Vcpu? prev, Vcpu? next) => Next?.Switch(atNs, pcpu, prev, next);
}
