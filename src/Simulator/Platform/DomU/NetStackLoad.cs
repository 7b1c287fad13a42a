using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Platform.DomU;

/// <summary>
/// The domU's own receive path for a network load: bursts of work on vCPU0. A paused domU
/// receives nothing (its rings fill, the TCP sender stops), so no work arrives while paused.
/// </summary>
public sealed class NetStackLoad : EventTarget
{
    private readonly DomUGuest _guest;
    private readonly Func<double> _share;
    private readonly long _intervalNs;
    private readonly RandomStream _rng;

    public NetStackLoad(DomUGuest guest, PlatformParameters p, Func<double> share, RandomStream rng)
    {
        _guest = guest;
        _share = share;
        _rng = rng;
        _intervalNs = (long)(p.NetIrqIntervalUs * 4 * 1000);
        guest.Sim.Schedule(this, rng.NextLong(_intervalNs) + 1);
    }

    protected internal override void Fire(int token)
    {
        _guest.Sim.Schedule(this, _guest.Sim.NowNs + _intervalNs / 2 + _rng.NextLong(_intervalNs) + 1);
        if (_guest.Domain is null || _guest.Domain.PauseCount > 0) return;
        var share = _share();
        if (share > 0) _guest.Vcpus[0].AddWork((long)(share * _intervalNs));
    }
}
