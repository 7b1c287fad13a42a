using XenSwitchSim.Simulator.Platform;

namespace XenSwitchSim.Simulator.Experiments;

/// <summary>
/// How exposed a launch of xl is to direct reclaim in one configuration: the share of time dom0's kswapd is behind, on
/// a board that runs its loads for <see cref="BoardNs"/> without a switch. The rare writeback wait's probability per
/// launch is this share times <see cref="PlatformParameters.WritebackWaitProb"/> times the chance a wait passes the
/// threshold; counting the waits themselves would need millions of switches for the study's 3 in 100. Zero without a
/// file-backed disk (no kswapd pressure from the loop device).
/// </summary>
public static class ReclaimExposureExperiment
{
    public const long BoardNs = 5_000_000_000;

    public static double Run(PlatformParameters p, PlatformScenario s, ulong seed, long replication)
    {
        if (!s.DomUFileStorage || p.KswapdWakesPerS <= 0) return 0;
        var b = new Board(p, s, seed, replication, withStandby: false, "reclaim-exposure");
        b.Sim.RunTo(BoardNs);
        return b.Kswapd!.BehindShare(BoardNs);
    }
}
