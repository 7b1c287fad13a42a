using System.Text.Json.Serialization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using MathNet.Numerics.Statistics;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>The contract's compare.difference object; each field is a - b with its 95% interval.</summary>
public sealed record DifferenceReport(
    [property: JsonPropertyName("mean_us")] Interval MeanUs,
    [property: JsonPropertyName("p99_us")] Interval P99Us,
    [property: JsonPropertyName("miss_prob")] Interval? MissProb);

/// <summary>
/// Differences between two scenarios run with common random numbers (`compare`): a_i and b_i come from the same
/// seed and streams, so they are positively correlated and the paired analysis is much tighter than two independent
/// intervals would be. Every interval is for a - b.
/// </summary>
public static class PairedDifference
{
    public const int DefaultBootstrapReplicates = 2000;
    public const int DefaultSeed = 20_240_612;

    public static DifferenceReport Compare(
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> b,
        double? deadlineUs = null,
        double confidence = 0.95,
        int bootstrapReplicates = DefaultBootstrapReplicates,
        int seed = DefaultSeed) =>
        new(
            Mean(a, b, confidence),
            P99(a, b, confidence, bootstrapReplicates, seed),
            deadlineUs is double d ? MissProbability(a, b, d, confidence) : null);

    /// <summary>Mean of d_i = a_i - b_i with the paired t interval (Student t with n-1 df, MathNet StudentT).</summary>
    public static Interval Mean(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double confidence = 0.95)
    {
        int n = CheckPaired(a, b);
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += a[i] - b[i];
        }

        mean /= n;
        if (n < 2)
        {
            return new Interval(mean, double.NaN, double.NaN);
        }

        double ss = 0;
        for (int i = 0; i < n; i++)
        {
            double d = a[i] - b[i] - mean;
            ss += d * d;
        }

        double half = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - confidence) / 2) * Math.Sqrt(ss / (n - 1) / n);
        return new Interval(mean, mean - half, mean + half);
    }

    /// <summary>
    /// p99(a) - p99(b) with a paired percentile bootstrap: each replicate resamples run indices with
    /// replacement and applies them to both samples, which keeps the CRN pairing. Seeded (Xoshiro256**), so the same
    /// inputs give the same interval.
    /// </summary>
    public static Interval P99(
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> b,
        double confidence = 0.95,
        int bootstrapReplicates = DefaultBootstrapReplicates,
        int seed = DefaultSeed)
    {
        int n = CheckPaired(a, b);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bootstrapReplicates);
        var xa = a.ToArray();
        var xb = b.ToArray();
        double estimate = P99Of((double[])xa.Clone()) - P99Of((double[])xb.Clone());
        var rng = new Xoshiro256StarStar(seed, threadSafe: false); // call-local: no lock per draw
        var ra = new double[n];
        var rb = new double[n];
        var diffs = new double[bootstrapReplicates];
        for (int r = 0; r < bootstrapReplicates; r++)
        {
            for (int i = 0; i < n; i++)
            {
                int j = rng.Next(n);
                ra[i] = xa[j];
                rb[i] = xb[j];
            }

            diffs[r] = P99Of(ra) - P99Of(rb);
        }

        Array.Sort(diffs);
        double tail = (1 - confidence) / 2;
        return new Interval(estimate, EmpiricalQuantile.R7(diffs, tail), EmpiricalQuantile.R7(diffs, 1 - tail));
    }

    /// <summary>
    /// P(a &gt; D) - P(b &gt; D) for paired runs: Newcombe's (1998) method 10, the score interval for a difference of
    /// paired proportions. It combines the two Wilson intervals with the observed correlation phi of the miss
    /// indicators (a McNemar-style use of the discordant pairs) and, unlike the Wald form, stays sensible with zero or
    /// few misses. Hand-written: MathNet 5.0.0 has no paired-proportion intervals.
    /// </summary>
    public static Interval MissProbability(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double deadlineUs, double confidence = 0.95)
    {
        int n = CheckPaired(a, b);
        int both = 0, onlyA = 0, onlyB = 0;
        for (int i = 0; i < n; i++)
        {
            bool ma = a[i] > deadlineUs, mb = b[i] > deadlineUs;
            if (ma && mb)
            {
                both++;
            }
            else if (ma)
            {
                onlyA++;
            }
            else if (mb)
            {
                onlyB++;
            }
        }

        int neither = n - both - onlyA - onlyB;
        int missA = both + onlyA, missB = both + onlyB;
        double p1 = (double)missA / n, p2 = (double)missB / n;
        var w1 = BinomialInterval.Wilson(missA, n, confidence);
        var w2 = BinomialInterval.Wilson(missB, n, confidence);
        double denominator = (double)missA * (n - missA) * missB * (n - missB);
        double phi = denominator > 0 ? ((double)both * neither - (double)onlyA * onlyB) / Math.Sqrt(denominator) : 0;
        double dl1 = p1 - w1.Lower, du1 = w1.Upper - p1, dl2 = p2 - w2.Lower, du2 = w2.Upper - p2;
        double theta = p1 - p2;
        double delta = Math.Sqrt(Math.Max(0, dl1 * dl1 - 2 * phi * dl1 * du2 + du2 * du2));
        double epsilon = Math.Sqrt(Math.Max(0, du1 * du1 - 2 * phi * du1 * dl2 + dl2 * dl2));
        return new Interval(theta, Math.Max(-1, theta - delta), Math.Min(1, theta + epsilon));
    }

    private static double P99Of(double[] scratch) => ArrayStatistics.QuantileCustomInplace(scratch, 0.99, QuantileDefinition.R7);

    private static int CheckPaired(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length || a.Length == 0)
        {
            throw new ArgumentException("paired samples must be non-empty and of equal length");
        }

        return a.Length;
    }
}
