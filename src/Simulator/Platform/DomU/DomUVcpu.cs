using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.DomU;

/// <summary>
/// One domU vCPU: a busy one never executes WFI; an idle one blocks as soon as its pending
/// work (the sampler's write, receive processing) is done. Work progresses only while running.
/// </summary>
public sealed class DomUVcpu : EventTarget, IGuestCpu
{
    private readonly DomUGuest _guest;
    private long _pendingWorkNs;
    private long _workStartNs;
    private int _token;
    private bool _armed;

    internal DomUVcpu(DomUGuest guest, int index, bool busy)
    {
        _guest = guest;
        Index = index;
        Busy = busy;
    }

    public int Index { get; }
    public bool Busy { get; }
    public bool Running { get; private set; }
    public Vcpu Vcpu { get; internal set; } = null!;

    /// <summary>Queue guest work on this vCPU (kicks it out of WFI if needed).</summary>
    public void AddWork(long ns)
    {
        Pause();
        _pendingWorkNs += ns;
        if (Running) Arm();
        else if (Vcpu.Blocked) _guest.Xen.Kick(Vcpu);
        else if (Vcpu.RunState != RunState.Running && !Vcpu.IsPaused) { /* runnable: runs when Xen picks it */ }
    }

    public void OnRun(Vcpu vcpu)
    {
        Running = true;
        _guest.LastRunStartNs = _guest.Sim.NowNs;
        _guest.OnRunStart?.Invoke(_guest.Sim.NowNs);
        if (Index == 0) _guest.Sampler.OnVcpuRun();
        if (_pendingWorkNs > 0) Arm();
        else IdleIfNothingToDo();
    }

    public void OnStop(Vcpu vcpu)
    {
        Pause();
        Running = false;
        _guest.LastStopNs = _guest.Sim.NowNs;
    }

    private void Arm()
    {
        _armed = true;
        _workStartNs = _guest.Sim.NowNs;
        _guest.Sim.Schedule(this, _workStartNs + _pendingWorkNs, ++_token);
    }

    private void Pause()
    {
        if (!_armed) return;
        _armed = false;
        _token++;
        _pendingWorkNs = Math.Max(0, _pendingWorkNs - (_guest.Sim.NowNs - _workStartNs));
    }

    protected internal override void Fire(int token)
    {
        if (token != _token) return;
        _armed = false;
        _pendingWorkNs = 0;
        IdleIfNothingToDo();
    }

    private void IdleIfNothingToDo()
    {
        if (Busy || !Running || _pendingWorkNs > 0) return;
        if (Index == 0 && _guest.Sampler.NeedsCpuNow) return;
        _guest.Xen.Block(Vcpu);
    }
}
