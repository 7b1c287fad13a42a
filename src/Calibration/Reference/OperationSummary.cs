namespace XenSwitchSim.Calibration.Reference;

/// <summary>
/// The study's summary of n runs of one operation: mean, population variance (divided by n,
/// see data-insights.md section 1), max, min and phase means, all in us.
/// </summary>
public sealed record OperationSummary(
    double MeanUs,
    double VariancePopUs2,
    double MaxUs,
    double MinUs,
    IReadOnlyDictionary<string, double> PhasesMeanUs,
    int N)
{
    /// <summary>
    /// How far above the minimum possible variance the reported one may be for the runs to be
    /// read as min, max and n-2 equal middle runs. 8%: the rows data-insights.md section 2
    /// reconstructs lie 0.04-0.7% above it, except dom0-net-load unpause at 7.5%.
    /// </summary>
    public const double DefaultReconstructionTolerance = 0.08;

    /// <summary>The unbiased sample variance: var_pop x n / (n - 1).</summary>
    public double SampleVarianceUs2 => VariancePopUs2 * N / (N - 1);

    /// <summary>Standard error of the mean: sqrt(sample variance / n) = sqrt(var_pop / (n - 1)).</summary>
    public double StandardErrorOfMeanUs => Math.Sqrt(SampleVarianceUs2 / N);

    /// <summary>
    /// The value each of the n - 2 middle runs has when they are all equal, given mean, min and
    /// max (their sum is fixed at n x mean - min - max).
    /// </summary>
    public double EqualMiddleRunUs => ((N * MeanUs) - MinUs - MaxUs) / (N - 2);

    /// <summary>
    /// The smallest population variance n runs with this mean, min and max can have: min, max
    /// and the other n - 2 equal (a fixed sum spread over equal values minimises squares).
    /// </summary>
    public double MinimumPopulationVarianceUs2
    {
        get
        {
            var c = EqualMiddleRunUs;
            return (Square(MinUs - MeanUs) + Square(MaxUs - MeanUs) + ((N - 2) * Square(c - MeanUs))) / N;
        }
    }

    /// <summary>Reported variance / minimum possible - 1.</summary>
    public double ExcessOverMinimumVariance => (VariancePopUs2 / MinimumPopulationVarianceUs2) - 1;

    /// <summary>
    /// True when the reported value, read as a sample variance (divided by n - 1), would put the
    /// population variance below the minimum possible: proof the study divided by n.
    /// </summary>
    public bool SampleVarianceReadingIsImpossible => VariancePopUs2 * (N - 1) / N < MinimumPopulationVarianceUs2;

    /// <summary>
    /// Whether the reported variance is within <paramref name="tolerance"/> of the minimum, so
    /// the middle runs must be nearly equal and <see cref="ReconstructedRunsUs"/> is close to
    /// the real runs.
    /// </summary>
    public bool IsReconstructable(double tolerance = DefaultReconstructionTolerance) =>
        VariancePopUs2 <= MinimumPopulationVarianceUs2 * (1 + tolerance);

    /// <summary>
    /// The runs as data-insights.md section 2 reconstructs them, ascending: min, n - 2 runs at
    /// (n x mean - min - max) / (n - 2), max. Only a good picture of the real runs when
    /// <see cref="IsReconstructable"/>; then they are better calibration data than mean and
    /// variance alone (they keep the outlier as an outlier).
    /// </summary>
    public IReadOnlyList<double> ReconstructedRunsUs =>
        [MinUs, .. Enumerable.Repeat(EqualMiddleRunUs, N - 2), MaxUs];

    private static double Square(double x) => x * x;
}

/// <summary>A means-only summary (the new environment's tables give no spread).</summary>
public sealed record MeanWithPhases(double MeanUs, IReadOnlyDictionary<string, double> PhasesMeanUs, int N);
