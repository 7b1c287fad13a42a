using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.DomU;

/// <summary>
/// The study's domU sampler on vCPU0: it reads the counter, writes the stamp, and sleeps for
/// the interval (usleep: the next expiry is the stamp plus the interval plus timer slack and
/// the write, so the period is interval + <see cref="PlatformParameters.SamplerOverheadUs"/>).
/// A stamp needs vCPU0 to run; a timer that expires while the domain is paused wakes the
/// vCPU (Xen writes its blocked-&gt;offline record then), and after the unpause the first new
/// stamp waits for the guest's next tick (the data put it uniformly within the 4 ms after the
/// vCPU runs: an assumption to check on hardware, stated in the model).
/// </summary>
public sealed class Sampler : EventTarget
{
    private readonly DomUGuest _guest;
    private readonly long _periodNs;
    private readonly long _cpuNs;
    private readonly long _guestTickNs;
    private readonly long _guestTickPhaseNs;
    private int _token;
    private bool _due;
    private bool _expiredWhilePaused;

    public Sampler(DomUGuest guest, PlatformParameters p, RandomStream rng, long? intervalNs = null)
    {
        _guest = guest;
        IntervalNs = intervalNs ?? 4_000_000;
        _periodNs = IntervalNs + (long)(p.SamplerOverheadUs * 1000);
        _cpuNs = (long)(p.SamplerCpuUs * 1000);
        _guestTickNs = (long)(1e9 / p.DomUTickHz);
        _guestTickPhaseNs = rng.NextLong(_guestTickNs);
        _firstExpiryNs = rng.NextLong(_periodNs) + 1;
    }

    private readonly long _firstExpiryNs;

    public long IntervalNs { get; private set; }

    /// <summary>Time of the latest stamp written, or -1.</summary>
    public long LastSampleNs { get; private set; } = -1;

    public long Samples { get; private set; }

    /// <summary>Observer of every stamp (time); probes keep what they need.</summary>
    public Action<long>? OnSample { get; set; }

    internal bool NeedsCpuNow => _due;

    public void SetInterval(long intervalNs) => IntervalNs = intervalNs;

    public void Start() => _guest.Sim.Schedule(this, _firstExpiryNs, ++_token);

    /// <summary>The sampler's timer expires.</summary>
    protected internal override void Fire(int token)
    {
        if (token != _token) return;
        var vcpu = _guest.Vcpus[0];
        if (_due && vcpu.Running)
        {
            // A deferred stamp (waiting for the guest tick after a resume) comes due now.
            Stamp();
            return;
        }
        _due = true;
        if (vcpu.Vcpu.IsPaused) _expiredWhilePaused = true;
        if (vcpu.Running) Stamp();
        else if (vcpu.Vcpu.Blocked) _guest.Xen.Kick(vcpu.Vcpu); // the virtual timer unblocks it
    }

    internal void OnVcpuRun()
    {
        if (!_due) return;
        var now = _guest.Sim.NowNs;
        if (_expiredWhilePaused)
        {
            _expiredWhilePaused = false;
            var k = (now - _guestTickPhaseNs) / _guestTickNs + 1;
            var nextTick = _guestTickPhaseNs + k * _guestTickNs;
            _guest.Sim.Schedule(this, nextTick, ++_token);
            return;
        }
        Stamp();
    }

    private void Stamp()
    {
        _due = false;
        var now = _guest.Sim.NowNs;
        LastSampleNs = now;
        Samples++;
        OnSample?.Invoke(now);
        _guest.Vcpus[0].AddWork(_cpuNs);
        _guest.Sim.Schedule(this, now + _periodNs, ++_token);
    }
}
