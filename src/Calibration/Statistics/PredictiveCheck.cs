using System.Text.Json.Serialization;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>The comparison of measured runs with a predicted (simulated) sample for one metric of `validate`.</summary>
public sealed record PredictiveComparison(
    [property: JsonPropertyName("ks")] KsSummary Ks,
    [property: JsonPropertyName("ad")] AdSummary Ad,
    [property: JsonPropertyName("exceed_p99")] BinomialTestResult ExceedP99,
    [property: JsonPropertyName("pit")] IReadOnlyList<int> Pit);

public sealed record KsSummary([property: JsonPropertyName("d")] double D, [property: JsonPropertyName("p")] double P);

public sealed record AdSummary([property: JsonPropertyName("a2")] double A2, [property: JsonPropertyName("p")] double P);

/// <summary>
/// Checks of measured data against a predictive sample, for `validate` (contracts.md §3): two-sample KS, two-sample
/// Anderson-Darling (midrank A²_akN, which handles the ties of whole-microsecond timings), an exact binomial test of
/// the number of measured runs beyond the predicted p99, and the PIT histogram. The verdict (which test, at what
/// level) belongs to the caller.
/// </summary>
public static class PredictiveCheck
{
    public static PredictiveComparison Compare(ReadOnlySpan<double> measured, ReadOnlySpan<double> predicted, int pitBins = 10)
    {
        var ks = KolmogorovSmirnov.TwoSample(measured, predicted);
        var ad = AndersonDarlingKSample.TwoSample(measured, predicted);
        return new PredictiveComparison(
            new KsSummary(ks.Statistic, ks.P),
            new AdSummary(ad.A2, ad.P),
            ExceedP99(measured, predicted),
            PitHistogram(Pit(measured, predicted), pitBins));
    }

    /// <summary>
    /// Number of measured runs beyond the predicted p99 (R-7 quantile of the predictive sample) against
    /// Binomial(n, 0.01), two-sided exact p. The nominal 0.01 is used rather than the predictive sample's own
    /// exceedance fraction: the latter is 0.01 up to rounding of the R-7 interpolation.
    /// </summary>
    public static BinomialTestResult ExceedP99(ReadOnlySpan<double> measured, ReadOnlySpan<double> predicted)
    {
        if (measured.Length == 0 || predicted.Length == 0)
        {
            throw new ArgumentException("both samples must be non-empty");
        }

        double p99 = EmpiricalQuantile.R7(EmpiricalQuantile.SortedCopy(predicted), 0.99);
        int observed = 0;
        foreach (double x in measured)
        {
            if (x > p99)
            {
                observed++;
            }
        }

        return BinomialTest.TwoSided(observed, measured.Length, 0.01);
    }

    /// <summary>
    /// Probability integral transform of each measured value under the predictive sample's empirical CDF, with ties
    /// split in the middle: (#{pred &lt; x} + #{pred == x}/2) / m. Uniform on [0, 1] when the prediction is right.
    /// </summary>
    public static double[] Pit(ReadOnlySpan<double> measured, ReadOnlySpan<double> predicted)
    {
        double[] sorted = EmpiricalQuantile.SortedCopy(predicted);
        int m = sorted.Length;
        var pit = new double[measured.Length];
        for (int i = 0; i < measured.Length; i++)
        {
            double x = measured[i];
            int above = EmpiricalQuantile.CountAbove(sorted, x);
            int below = m - above;
            int equal = 0;
            while (below - equal - 1 >= 0 && sorted[below - equal - 1] == x)
            {
                equal++;
            }

            pit[i] = (below - equal + equal / 2.0) / m;
        }

        return pit;
    }

    /// <summary>Counts in equal bins of [0, 1]; a value of exactly 1 goes to the last bin.</summary>
    public static int[] PitHistogram(IEnumerable<double> pit, int bins = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        var counts = new int[bins];
        foreach (double u in pit)
        {
            counts[Math.Clamp((int)(u * bins), 0, bins - 1)]++;
        }

        return counts;
    }
}
