namespace XenSwitchSim.Calibration.Statistics;

/// <summary>Settings of the threshold diagnostic; the defaults are the documented rule (see <see cref="PeaksOverThreshold"/>).</summary>
public sealed record PotOptions
{
    /// <summary>At least this many exceedances for a GPD fit (MBPTA-CV and the literature use >= 50 tail values).</summary>
    public int MinExceedances { get; init; } = 50;

    /// <summary>
    /// At most this many: for huge samples the lowest candidates reach deep into the body (biased for the tail) and
    /// every fit costs O(k); 10^4 excesses already pin xi to about ±0.02.
    /// </summary>
    public int MaxExceedances { get; init; } = 10_000;

    /// <summary>The lowest candidate leaves this fraction of the sample above it (the 0.80 quantile).</summary>
    public double HighestFraction { get; init; } = 0.2;

    public double Confidence { get; init; } = 0.95;

    /// <summary>Level of the Anderson-Darling test a candidate must pass.</summary>
    public double TestLevel { get; init; } = 0.05;

    /// <summary>
    /// Level of the gap (second-mode) test. 1%, not 5%: the test guards against a gross far cluster, which gives
    /// p of 1e-5 and below; at 5% it would also flag ordinary sampling gaps once in twenty thresholds.
    /// </summary>
    public double GapTestLevel { get; init; } = 0.01;

    public const double DefaultShapeFloor = 0.0;

    /// <summary>
    /// Lower limit on the tail shape xi of the tail model (null: free, xi &gt; -1). Default 0: a light (bounded) tail
    /// is modelled as exponential, as MBPTA-CV does. Why: a negative shape claims a hard latency ceiling -sigma/xi,
    /// and from a few hundred exceedances the MLE puts it just above the sample maximum; levels at 1e-6..1e-12 then
    /// come out too low and their profile intervals exclude the truth (seen in the tests on a lognormal body, 10-17%
    /// low, and on a rare far mode, up to 28% low with P(X &gt; true 1e-6 level) "bounded" at 0). With the floor such
    /// tails are extrapolated exponentially, which errs on the safe side; the unconstrained xi is still reported.
    /// Heavy tails (xi &gt; 0) are never capped.
    /// </summary>
    public double? ShapeFloor { get; init; } = DefaultShapeFloor;

    public int BootstrapReplicates { get; init; } = GpdGoodnessOfFit.DefaultReplicates;

    public int Seed { get; init; } = 20_240_611;
}
