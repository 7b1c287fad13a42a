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

    /// <summary>
    /// Whether this board draws from the tilted laws (true) or the model's own (false: the defensive component of a
    /// mixture proposal). Either way <see cref="LikelihoodRatio"/> is the model's density over the tilted one at the
    /// values drawn, which is what the mixture weight needs.
    /// </summary>
    public bool DrawTilted { get; set; } = true;

    /// <summary>Product over this board's tilted choices of model density / tilted density at the values drawn (1 without a tilt).</summary>
    public double LikelihoodRatio { get; private set; } = 1;

    /// <summary>Bernoulli(p) drawn as Bernoulli(p') (or as itself, see <see cref="DrawTilted"/>); the ratio p/p' of the outcome joins the likelihood ratio.</summary>
    private bool Bernoulli(double prob, double? tilted)
    {
        if (tilted is not double q) return rng.NextDouble() < prob;
        var hit = rng.NextDouble() < (DrawTilted ? q : prob);
        LikelihoodRatio *= hit ? prob / q : (1 - prob) / (1 - q);
        return hit;
    }

    private readonly double _readSigma = Math.Sqrt(Math.Log(1 + p.SdReadSdUs * p.SdReadSdUs / (p.SdReadMeanUs * p.SdReadMeanUs)));
    private readonly double _stallSigma = Math.Sqrt(Math.Log(1 + p.SdStallSdUs * p.SdStallSdUs / (p.SdStallMeanUs * p.SdStallMeanUs)));

    /// <summary>Launches of xl so far on this board (calls of <see cref="MajorFaults"/>).</summary>
    public int Launches { get; private set; }

    /// <summary>Total time the fault reads of this board's launches of xl blocked so far (what <see cref="ReadNs"/> returned).</summary>
    public long DelayNs { get; private set; }

    /// <summary>How many major faults this launch of xl takes (0 when its image is cached).</summary>
    public int MajorFaults()
    {
        Launches++;
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
                if (DrawTilted) z += shift; // N(shift, 1) instead of N(0, 1)
                LikelihoodRatio *= Math.Exp(-shift * z + shift * shift / 2); // phi(z) / phi(z - shift)
            }
            var stallUs = Math.Exp(smu + _stallSigma * z);
            ns += (long)(rng.NextDouble() * stallUs * 1000);
        }
        DelayNs += ns;
        return ns;
    }
}

/// <summary>
/// The tilted laws of <see cref="StorageStalls"/>: the probability that a launch of xl misses the page cache, that a
/// read lands in a card stall (null: the model's), and a shift of the stall length's log-normal in units of its sigma.
/// <see cref="Defensive"/> is the share of replications drawn from the model itself (Hesterberg 1995, defensive
/// importance sampling): the proposal is the mixture a·model + (1-a)·tilted, so every weight is at most 1/a. Without it
/// a strong per-read tilt compounds over the several reads of one launch (weights of 2^k for k reads outside a stall)
/// and the plain-looking runs the body is made of are rare and heavy: their level comes out too low.
/// </summary>
public sealed record StorageTilt(double? FaultProb, double? InStallProb, double StallShift, double Defensive = StorageTilt.DefaultDefensive)
{
    public const double DefaultDefensive = 0.2;

    public static readonly StorageTilt Default = new(0.3, 0.2, 0);

    /// <summary>The mixture weight of one replication from the likelihood ratio p/q of its draws: p / (a·p + (1-a)·q).</summary>
    public double Weight(double likelihoodRatio) =>
        Defensive == 0 ? likelihoodRatio : 1 / (Defensive + (1 - Defensive) / likelihoodRatio);
}
