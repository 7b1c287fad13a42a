namespace XenSwitchSim.Simulator.Platform.Xen;

// INTERIM (removed when the Xen layer lands): every vCPU behaves as if it owned a pCPU, so the
// dom0 Linux layer can be built and tested on its own.
public sealed partial class Hypervisor
{
    public void Block(Vcpu v)
    {
        if (v.EventPending) { v.EventPending = false; return; }
        v.Blocked = true;
        v.RunState = RunState.Blocked;
        v.Pcpu = null;
        v.Guest.OnStop(v);
    }

    public void Kick(Vcpu v)
    {
        if (!v.Blocked) return;
        v.Blocked = false;
        v.RunState = RunState.Running;
        v.Guest.OnRun(v);
    }

    public void StartRunning(Vcpu v)
    {
        v.RunState = RunState.Running;
        v.Guest.OnRun(v);
    }
}

public sealed partial class Hypervisor
{
    public void PauseDomain(Domain target, Vcpu caller, Action<long> onReturn) => throw new NotImplementedException("Xen layer pending");
    public void UnpauseDomain(Domain target, Vcpu caller, Action<long> onReturn) => throw new NotImplementedException("Xen layer pending");
    public Domain CreateDomain(int id, string name, IReadOnlyList<IGuestCpu> vcpuGuests, IReadOnlyList<int>? pinnedPcpus = null) => throw new NotImplementedException();
    public void StartDomain(Domain d) => throw new NotImplementedException();
    public void StartDomainPaused(Domain d) => throw new NotImplementedException();
}
