using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Platform.Linux;

/// <summary>
/// dom0's background reclaimer with a file-backed domU disk. The loop device writes the disk image through dom0's
/// page cache, so the cache fills and free memory sits at the watermarks; every so often an allocation takes it below
/// the low watermark and wakes kswapd (here a Poisson process of <see cref="PlatformParameters.KswapdWakesPerS"/>),
/// which needs <see cref="PlatformParameters.KswapdCpuUs"/> of CPU at nice 0 to reclaim back to the high watermark.
/// From the wake-up until that work is done free memory is short: an allocation then reclaims directly
/// (<see cref="DirectReclaim"/>). How long that window lasts is up to dom0's scheduler: the hogs share the CPU with
/// kswapd and the NIC's softirqs take it, so dom0 load widens the window. With a partition disk blkback writes
/// around dom0's page cache and this task does not exist.
/// </summary>
public sealed class Kswapd(LinuxKernel kernel, CpuWork work, PlatformParameters p, RandomStream rng)
    : LinuxTask(kernel, "kswapd0")
{
    private long _wokenAtNs = -1;
    private long _behindNs;

    /// <summary>Woken and not yet done: free memory is below the low watermark.</summary>
    public bool Behind => _wokenAtNs >= 0;

    /// <summary>Share of the simulated time so far that kswapd was behind (the time-average of <see cref="Behind"/>).</summary>
    public double BehindShare(long nowNs) =>
        nowNs <= 0 ? 0 : (_behindNs + (Behind ? nowNs - _wokenAtNs : 0)) / (double)nowNs;

    protected override IEnumerable<Wait> Body()
    {
        var meanGapNs = 1e9 / p.KswapdWakesPerS;
        while (true)
        {
            yield return Sleep((long)rng.NextExponential(meanGapNs) + 1);
            _wokenAtNs = Sim.NowNs;
            yield return Compute(work.Ns(p.KswapdCpuUs));
            _behindNs += Sim.NowNs - _wokenAtNs;
            _wokenAtNs = -1;
        }
    }
}
