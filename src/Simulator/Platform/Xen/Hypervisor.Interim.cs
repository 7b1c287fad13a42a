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
