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

    public int BootstrapReplicates { get; init; } = GpdGoodnessOfFit.DefaultReplicates;

    public int Seed { get; init; } = 20_240_611;
}
