namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// What runs inside a vCPU: dom0's Linux on that vCPU, or a domU's guest. Xen calls these when
/// the vCPU starts or stops executing guest code on a pCPU; in between, the guest's work
/// progresses. A guest that has nothing to do calls <see cref="Hypervisor.Block"/> (WFI trap) or,
/// when it polls, keeps running.
/// </summary>
public interface IGuestCpu
{
    /// <summary>The vCPU now holds a pCPU and executes guest code (after the context switch).</summary>
    void OnRun(Vcpu vcpu);

    /// <summary>The vCPU stops executing guest code (descheduled, paused or blocked).</summary>
    void OnStop(Vcpu vcpu);
}
