namespace XenSwitchSim.Calibration.Statistics;

/// <summary>What to compute: the miss probability at a deadline, the deadline for a miss probability, or both.</summary>
public sealed record TailQuery(double? DeadlineUs = null, double? MissProb = null)
{
    public static TailQuery ForDeadline(double deadlineUs) => new(deadlineUs, null);

    public static TailQuery ForMissProbability(double p) => new(null, p);
}

/// <summary>The rules of <see cref="TailAnalyzer"/>; the defaults are the documented ones.</summary>
public sealed record TailOptions
{
    public double Confidence { get; init; } = 0.95;

    /// <summary>
    /// The empirical Clopper-Pearson estimate is used when at least this many observations lie beyond the deadline
    /// (or, for a quantile, beyond its upper confidence bound). With 10 exceedances the Clopper-Pearson interval is
    /// about ×0.5..×1.8 of the estimate, already as tight as a GPD extrapolation, and it assumes nothing about shape.
    /// </summary>
    public int MinEmpiricalExceedances { get; init; } = 10;

    /// <summary>A probability below 1/(ExtrapolationFactor·n) is reported with method "extrapolated".</summary>
    public double ExtrapolationFactor { get; init; } = 100;

    public IReadOnlyList<double> Levels { get; init; } = new[] { 1e-3, 1e-6, 1e-9, 1e-12 };

    /// <summary>Level of the independence and identical-distribution checks.</summary>
    public double DiagnosticLevel { get; init; } = 0.05;

    /// <summary>Ljung-Box lags; null for min(10, n/5).</summary>
    public int? LjungBoxLags { get; init; }

    public PotOptions Pot { get; init; } = new();
}
