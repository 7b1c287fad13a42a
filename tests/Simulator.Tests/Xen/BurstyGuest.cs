using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Tests.Xen;

/// <summary>
/// A guest that computes for random bursts and sleeps for random times in between (WFI, woken by
/// its timer): exercises blocking, kicks and preemption with random numbers from one stream.
/// </summary>
public sealed class BurstyGuest : EventTarget, IGuestCpu
{
    private readonly Hypervisor _xen;
    private readonly RandomStream _rng;
    private readonly double _burstMeanNs, _sleepMeanNs;
    private readonly WakeTimer _timer;
    private Vcpu? _vcpu;
    private long _remaining, _since = -1;
    private int _token;

    public BurstyGuest(Hypervisor xen, RandomStream rng, double burstMeanNs, double sleepMeanNs)
    {
        _xen = xen;
        _rng = rng;
        _burstMeanNs = burstMeanNs;
        _sleepMeanNs = sleepMeanNs;
        _timer = new WakeTimer(this);
    }

    public long RunNs { get; private set; }

    public void OnRun(Vcpu vcpu)
    {
        _vcpu = vcpu;
        _since = _xen.Sim.NowNs;
        if (_remaining <= 0) _remaining = 1 + (long)_rng.NextExponential(_burstMeanNs);
        _xen.Sim.Schedule(this, _since + _remaining, ++_token);
    }

    public void OnStop(Vcpu vcpu)
    {
        var ran = _xen.Sim.NowNs - _since;
        RunNs += ran;
        _remaining -= ran;
        _since = -1;
        _token++;
    }

    /// <summary>The vCPU enters a hypercall: guest code stops progressing (the vCPU keeps its pCPU).</summary>
    public void Suspend(Vcpu vcpu) => OnStop(vcpu);

    /// <summary>The hypercall returned: guest code goes on.</summary>
    public void Resume(Vcpu vcpu) => OnRun(vcpu);

    protected override void Fire(int token)
    {
        if (token != _token || _vcpu is null) return;
        // Burst done: sleep until the timer, unless an event is already pending (WFI returns).
        var v = _vcpu;
        _remaining = 0;
        _xen.Sim.Schedule(_timer, _xen.Sim.NowNs + 1 + (long)_rng.NextExponential(_sleepMeanNs));
        _xen.Block(v);
        if (v.ExecutingGuest) OnRun(v);
    }

    private sealed class WakeTimer(BurstyGuest g) : EventTarget
    {
        protected override void Fire(int token)
        {
            if (g._vcpu is { } v) g._xen.Kick(v);
        }
    }
}
