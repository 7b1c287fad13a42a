using System.Text.Json.Serialization;
using MathNet.Numerics.Distributions;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// The contract's STATS object (contracts.md §3). Variance is the SAMPLE variance (divide by n-1), not the population
/// variance the study's tables use (§5); the name says so. Quantiles are R-7 (see <see cref="EmpiricalQuantile"/>).
/// mean_ci95_us is the t interval mean ± t(0.975, n-1)·sd/√n. For n = 1 variance, sd and the CI are undefined (NaN,
/// written as null).
/// </summary>
public sealed record SummaryStats(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("mean_us")] double MeanUs,
    [property: JsonPropertyName("variance_us2")] double SampleVarianceUs2,
    [property: JsonPropertyName("sd_us")] double SdUs,
    [property: JsonPropertyName("min_us")] double MinUs,
    [property: JsonPropertyName("max_us")] double MaxUs,
    [property: JsonPropertyName("p50_us")] double P50Us,
    [property: JsonPropertyName("p90_us")] double P90Us,
    [property: JsonPropertyName("p99_us")] double P99Us,
    [property: JsonPropertyName("p999_us")] double P999Us,
    [property: JsonPropertyName("mean_ci95_us")] Bounds MeanCi95Us)
{
    /// <summary>
    /// One copy and one sort (O(n log n); about 0.1 s for 10^6 samples), then two passes for mean and variance
    /// (the two-pass form avoids the cancellation of sum-of-squares formulas on microsecond values around 1e4).
    /// </summary>
    public static SummaryStats Compute(ReadOnlySpan<double> samples)
    {
        if (samples.Length == 0)
        {
            throw new ArgumentException("STATS of an empty sample is undefined", nameof(samples));
        }

        double[] sorted = EmpiricalQuantile.SortedCopy(samples);
        return FromSorted(sorted);
    }

    /// <summary>Same as <see cref="Compute"/> for a caller that already holds an ascending array.</summary>
    public static SummaryStats FromSorted(double[] sorted)
    {
        int n = sorted.Length;
        double sum = 0;
        foreach (double x in sorted)
        {
            sum += x;
        }

        double mean = sum / n;
        double ss = 0;
        double drift = 0;
        foreach (double x in sorted)
        {
            double d = x - mean;
            ss += d * d;
            drift += d;
        }

        // Corrected two-pass (Chan, Golub & LeVeque): subtract the rounding residue of the mean.
        double variance = n > 1 ? (ss - drift * drift / n) / (n - 1) : double.NaN;
        double sd = Math.Sqrt(variance);
        Bounds ci = n > 1
            ? HalfWidthInterval(mean, StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n))
            : new Bounds(double.NaN, double.NaN);

        return new SummaryStats(
            n, mean, variance, sd, sorted[0], sorted[n - 1],
            EmpiricalQuantile.R7(sorted, 0.50),
            EmpiricalQuantile.R7(sorted, 0.90),
            EmpiricalQuantile.R7(sorted, 0.99),
            EmpiricalQuantile.R7(sorted, 0.999),
            ci);
    }

    private static Bounds HalfWidthInterval(double centre, double halfWidth) => new(centre - halfWidth, centre + halfWidth);
}
