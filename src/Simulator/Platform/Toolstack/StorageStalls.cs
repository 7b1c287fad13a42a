using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Platform.Toolstack;

/// <summary>
/// The SD card behind dom0's page cache: a major fault is a read that takes milliseconds, and
/// behind a card-internal write stall (erase, garbage collection; cheap cards stall for up to
/// seconds) it waits for the stall to end. Stalls are a Poisson process of lognormal length; a
/// read lands in one with probability rate x mean length and then waits a uniform part of it
/// (an approximation of the length-biased residual, stated in the model).
/// </summary>
public sealed class StorageStalls(PlatformParameters p, RandomStream rng)
{
    private readonly double _readSigma = Math.Sqrt(Math.Log(1 + p.SdReadSdUs * p.SdReadSdUs / (p.SdReadMeanUs * p.SdReadMeanUs)));
    private readonly double _stallSigma = Math.Sqrt(Math.Log(1 + p.SdStallSdUs * p.SdStallSdUs / (p.SdStallMeanUs * p.SdStallMeanUs)));

    /// <summary>How many major faults this launch of xl takes (0 when its image is cached).</summary>
    public int MajorFaults()
    {
        if (rng.NextDouble() >= p.XlMajorFaultProb) return 0;
        var faults = 1;
        var more = 1 - 1 / Math.Max(1, p.MajorFaultsPerMiss);
        while (faults < 64 && rng.NextDouble() < more) faults++;
        return faults;
    }

    /// <summary>The time one major fault blocks its task.</summary>
    public long ReadNs()
    {
        var mu = Math.Log(p.SdReadMeanUs) - _readSigma * _readSigma / 2;
        var ns = (long)(Math.Exp(mu + _readSigma * rng.NextStandardNormal()) * 1000);
        var inStall = Math.Min(1, p.SdStallRatePerS * p.SdStallMeanUs / 1e6);
        if (rng.NextDouble() < inStall)
        {
            var smu = Math.Log(p.SdStallMeanUs) - _stallSigma * _stallSigma / 2;
            var stallUs = Math.Exp(smu + _stallSigma * rng.NextStandardNormal());
            ns += (long)(rng.NextDouble() * stallUs * 1000);
        }
        return ns;
    }
}
