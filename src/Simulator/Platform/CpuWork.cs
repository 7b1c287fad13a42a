using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Platform;

/// <summary>
/// Turns a mechanism's mean CPU cost (us) into one burst (ns): the clock scale and a lognormal
/// run-to-run spread of mean 1 (cache state, page-cache hits, branch history).
/// </summary>
public sealed class CpuWork(PlatformParameters p, RandomStream rng)
{
    private readonly double _sigma = Math.Sqrt(Math.Log(1 + p.CpuWorkSdRel * p.CpuWorkSdRel));

    public long Ns(double meanUs)
    {
        if (meanUs <= 0) return 0;
        var factor = _sigma > 0 ? Math.Exp(_sigma * rng.NextStandardNormal() - _sigma * _sigma / 2) : 1.0;
        return Math.Max(1, (long)(meanUs * 1000 * p.CpuWorkScale * factor));
    }

    public RandomStream Rng => rng;
}
