using XenSwitchSim.Simulator.Platform.DomU;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Measurement;

/// <summary>
/// Watches one domU through Xen's trace points and its sampler, with xentrace's semantics:
/// "Xen starts the pause" is the first vcpu_sleep of its vCPUs; "the vCPU is paused" is the
/// sampler vCPU's runstate change to offline (written at the deschedule for a running vCPU, at
/// once for a runnable one, and for a blocked one only when it is next woken); "Xen starts the
/// unpause" is the first vcpu_wake; "the vCPU runs" is the sampler vCPU's change to running.
/// True ends: the last vCPU off its pCPU; the first vCPU running guest code again.
/// </summary>
public sealed class DomainProbe
{
    private readonly DomUGuest _guest;
    private int _runningAtPause;
    private bool _armedPause;
    private bool _armedUnpause;

    public DomainProbe(DomUGuest guest)
    {
        _guest = guest;
        guest.Sampler.OnSample = OnSample;
    }

    public Domain Domain => _guest.Domain;
    public ProbeTimes Pause = ProbeTimes.Empty;
    public ProbeTimes Unpause = ProbeTimes.Empty;
    private long _lastSampleNs = -1;

    public bool PauseComplete => Pause.TrueEndNs >= 0 && Pause.VcpuOfflineNs >= 0;
    public bool UnpauseComplete => Unpause.TrueEndNs >= 0 && Unpause.DomUFirstSampleNs >= 0 && Unpause.VcpuRunningNs >= 0;

    /// <summary>From now on, record the next pause of this domain.</summary>
    public void ArmPause(long stampNs)
    {
        Pause = ProbeTimes.Empty;
        Pause.Dom0StampNs = stampNs;
        _armedPause = true;
    }

    public void ArmUnpause(long stampNs)
    {
        Unpause = ProbeTimes.Empty;
        Unpause.Dom0StampNs = stampNs;
        _armedUnpause = true;
    }

    internal void OnSleep(long atNs, Vcpu v)
    {
        if (!_armedPause || Pause.XenOpStartNs >= 0) return;
        Pause.XenOpStartNs = atNs;
        Pause.DomULastSampleNs = _lastSampleNs;
        _runningAtPause = 0;
        foreach (var x in Domain.Vcpus) if (x.RunState == RunState.Running) _runningAtPause++;
        if (_runningAtPause == 0) Pause.TrueEndNs = atNs;
    }

    internal void OnRunstate(long atNs, Vcpu v, RunState from, RunState to)
    {
        if (_armedPause && Pause.XenOpStartNs >= 0)
        {
            if (to == RunState.Offline && v.Index == 0 && Pause.VcpuOfflineNs < 0) Pause.VcpuOfflineNs = atNs;
            if (from == RunState.Running && Pause.TrueEndNs < 0 && --_runningAtPause <= 0) Pause.TrueEndNs = atNs;
        }
        if (_armedUnpause && Unpause.XenOpStartNs >= 0 && to == RunState.Running)
        {
            if (v.Index == 0 && Unpause.VcpuRunningNs < 0) Unpause.VcpuRunningNs = atNs;
        }
    }

    internal void OnWake(long atNs, Vcpu v)
    {
        if (!_armedUnpause || Unpause.XenOpStartNs >= 0) return;
        Unpause.XenOpStartNs = atNs;
        _guest.OnRunStart = OnGuestRuns;
    }

    private void OnGuestRuns(long atNs)
    {
        if (Unpause.TrueEndNs < 0) Unpause.TrueEndNs = atNs;
        _guest.OnRunStart = null;
    }

    private void OnSample(long atNs)
    {
        _lastSampleNs = atNs;
        if (_armedUnpause && Unpause.XenOpStartNs >= 0 && Unpause.DomUFirstSampleNs < 0) Unpause.DomUFirstSampleNs = atNs;
    }
}
