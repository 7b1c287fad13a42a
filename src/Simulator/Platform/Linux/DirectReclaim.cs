using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Platform.Linux;

/// <summary>
/// What an allocation burst (xl's exec) meets when <see cref="Kswapd"/> is behind: it reclaims pages itself
/// (<see cref="PlatformParameters.ReclaimCpuUs"/> of CPU), and with probability
/// <see cref="PlatformParameters.WritebackWaitProb"/> finds the inactive list full of the loop's dirty pages, which it
/// cannot free until the card has written them: it sleeps in congestion_wait until a writeback batch completes. The
/// slow-device writeback stall (LWN, "The pernicious USB-stick stall problem", 2013, https://lwn.net/Articles/572911/).
/// The wait starts with the reclaim, so it is a whole batch (lognormal, <see cref="PlatformParameters.WritebackWaitMeanUs"/>),
/// not a residual: multi-second waits without a tail of shorter ones. Without kswapd (partition disk) nothing happens.
/// </summary>
public sealed class DirectReclaim(Kswapd? kswapd, PlatformParameters p, RandomStream rng)
{
    private readonly double _sigma = Math.Sqrt(Math.Log(1 + p.WritebackWaitSdUs * p.WritebackWaitSdUs / (p.WritebackWaitMeanUs * p.WritebackWaitMeanUs)));

    /// <summary>Allocation bursts that found kswapd behind (reclaimed directly).</summary>
    public int Reclaims { get; private set; }

    /// <summary>Of those, the ones that waited for writeback.</summary>
    public int WritebackWaits { get; private set; }

    /// <summary>Total writeback wait so far.</summary>
    public long WaitNs { get; private set; }

    /// <summary>An allocation burst now: the CPU it spends reclaiming and how long it then sleeps (both 0 when kswapd keeps up).</summary>
    public (double CpuUs, long SleepNs) Allocate()
    {
        if (kswapd is not { Behind: true }) return (0, 0);
        Reclaims++;
        if (!(rng.NextDouble() < p.WritebackWaitProb)) return (p.ReclaimCpuUs, 0);
        WritebackWaits++;
        var mu = Math.Log(p.WritebackWaitMeanUs) - _sigma * _sigma / 2;
        var ns = (long)(Math.Exp(mu + _sigma * rng.NextStandardNormal()) * 1000);
        WaitNs += ns;
        return (p.ReclaimCpuUs, ns);
    }
}
