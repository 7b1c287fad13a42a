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
/// the number of measured runs beyond the predicted p99 (exact under exchangeability), and the PIT histogram. The verdict (which test, at what
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
    /// Number of measured runs beyond the predicted p99 (R-7 quantile of the predictive sample), judged by its exact
    /// distribution when both samples come from one distribution (all orderings of the pooled runs equally likely),
    /// which counts the predictive sample's own size: with m predicted runs the p99 is itself an estimate, and against
    /// Binomial(n, 0.01) a model validated on its own emission failed (60 measured, 180 predicted, a phase bounded at
    /// 4 ms: 5 beyond the estimated p99, binomial p 0.0004). The count of measured runs above the r-th largest
    /// predicted run has P(K = k) = C(k + r - 1, k) C(n - k + m - r, n - k) / C(n + m, n); with j predicted runs above
    /// the p99, the count beyond it lies between K for r = j and K for r = j + 1, so the upper tail is taken from r = j + 1
    /// and the lower from r = j (both conservative), two-sided p = 2 x the smaller. <c>expected</c> stays the nominal
    /// n x 0.01 of the contract.
    /// </summary>
    public static BinomialTestResult ExceedP99(ReadOnlySpan<double> measured, ReadOnlySpan<double> predicted)
    {
        if (measured.Length == 0 || predicted.Length == 0)
        {
            throw new ArgumentException("both samples must be non-empty");
        }

        double[] sorted = EmpiricalQuantile.SortedCopy(predicted);
        double p99 = EmpiricalQuantile.R7(sorted, 0.99);
        int observed = 0;
        foreach (double x in measured)
        {
            if (x > p99)
            {
                observed++;
            }
        }

        int n = measured.Length, m = sorted.Length;
        int above = EmpiricalQuantile.CountAbove(sorted, p99);
        double upper = above + 1 <= m ? ExceedanceTail(observed, n, m, above + 1, upperTail: true) : 1;
        double lower = above >= 1 ? ExceedanceTail(observed, n, m, above, upperTail: false) : 1;
        return new BinomialTestResult(observed, n * 0.01, Math.Min(1, 2 * Math.Min(upper, lower)));
    }

    /// <summary>P(K &gt;= k) or P(K &lt;= k) for K = measured runs above the r-th largest of m predicted ones (n measured, exchangeable).</summary>
    public static double ExceedanceTail(int k, int n, int m, int r, bool upperTail)
    {
        double total = MathNet.Numerics.SpecialFunctions.BinomialLn(n + m, n);
        double sum = 0;
        int from = upperTail ? k : 0, to = upperTail ? n : k;
        for (int i = from; i <= to; i++)
        {
            sum += Math.Exp(MathNet.Numerics.SpecialFunctions.BinomialLn(i + r - 1, i)
                + MathNet.Numerics.SpecialFunctions.BinomialLn(n - i + m - r, n - i) - total);
        }

        return Math.Min(1, sum);
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
