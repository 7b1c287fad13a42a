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
    /// <summary>
    /// Importance sampling of the storage tail (null: plain sampling, the same draws as ever). With a tilt, the
    /// three random choices that make the far tail are drawn from tilted laws and <see cref="LikelihoodRatio"/>
    /// accumulates the ratio of the model's density to the tilted one over every draw of this board.
    /// </summary>
    public StorageTilt? Tilt { get; set; }

    /// <summary>Product of the likelihood ratios of the tilted draws so far (1 without a tilt).</summary>
    public double LikelihoodRatio { get; private set; } = 1;

    /// <summary>Bernoulli(p) drawn as Bernoulli(p'); the ratio of the outcome's probabilities joins the likelihood ratio.</summary>
    private bool Bernoulli(double prob, double? tilted)
    {
        if (tilted is not double q) return rng.NextDouble() < prob;
        var hit = rng.NextDouble() < q;
        LikelihoodRatio *= hit ? prob / q : (1 - prob) / (1 - q);
        return hit;
    }

    private readonly double _readSigma = Math.Sqrt(Math.Log(1 + p.SdReadSdUs * p.SdReadSdUs / (p.SdReadMeanUs * p.SdReadMeanUs)));
    private readonly double _stallSigma = Math.Sqrt(Math.Log(1 + p.SdStallSdUs * p.SdStallSdUs / (p.SdStallMeanUs * p.SdStallMeanUs)));

    /// <summary>How many major faults this launch of xl takes (0 when its image is cached).</summary>
    public int MajorFaults()
    {
        if (!Bernoulli(p.XlMajorFaultProb, Tilt?.FaultProb)) return 0;
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
        if (Bernoulli(inStall, Tilt?.InStallProb))
        {
            var smu = Math.Log(p.SdStallMeanUs) - _stallSigma * _stallSigma / 2;
            var z = rng.NextStandardNormal();
            if (Tilt is { StallShift: var shift and not 0 })
            {
                z += shift; // N(shift, 1) instead of N(0, 1): phi(z) / phi(z - shift)
                LikelihoodRatio *= Math.Exp(-shift * z + shift * shift / 2);
            }
            var stallUs = Math.Exp(smu + _stallSigma * z);
            ns += (long)(rng.NextDouble() * stallUs * 1000);
        }
        return ns;
    }
}

/// <summary>
/// The tilted laws of <see cref="StorageStalls"/>: the probability that a launch of xl misses the page cache, that a
/// read lands in a card stall (null: the model's), and a shift of the stall length's log-normal in units of its sigma.
/// </summary>
public sealed record StorageTilt(double? FaultProb, double? InStallProb, double StallShift)
{
    public static readonly StorageTilt Default = new(0.3, 0.2, 0);
}
