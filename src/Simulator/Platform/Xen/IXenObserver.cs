namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// Sees what xentrace would record, with Xen's real semantics (a blocked vCPU's change to
/// offline is written only when it is next woken). The study's probes and --trace-run listen
/// here; the hot path passes a no-op observer.
/// </summary>
public interface IXenObserver
{
    /// <summary>TRC_SCHED_RUNSTATE_CHANGE, written on <paramref name="pcpu"/> at <paramref name="atNs"/>.</summary>
    void RunstateChange(long atNs, int pcpu, Vcpu vcpu, RunState from, RunState to);

    /// <summary>TRC_SCHED_SLEEP (vcpu_sleep_nosync, on the caller's pCPU).</summary>
    void Sleep(long atNs, int pcpu, Vcpu vcpu);

    /// <summary>TRC_SCHED_WAKE (vcpu_wake, on the caller's pCPU).</summary>
    void Wake(long atNs, int pcpu, Vcpu vcpu);

    /// <summary>TRC_SCHED_SWITCH: <paramref name="pcpu"/> switches from prev to next (null = idle).</summary>
    void Switch(long atNs, int pcpu, Vcpu? prev, Vcpu? next);
}

public sealed class NullXenObserver : IXenObserver
{
    public static readonly NullXenObserver Instance = new();
    public void RunstateChange(long atNs, int pcpu, Vcpu vcpu, RunState from, RunState to) { }
    public void Sleep(long atNs, int pcpu, Vcpu vcpu) { }
    public void Wake(long atNs, int pcpu, Vcpu vcpu) { }
    public void Switch(long atNs, int pcpu, Vcpu? prev, Vcpu? next) { }
}
