using MathNet.Numerics.Statistics;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// The one quantile definition used throughout this namespace: Hyndman-Fan type 7 ("R-7"; R's default, numpy's
/// "linear", Excel PERCENTILE.INC). On the ascending sample x[0..n-1] (0-based), h = (n-1)·tau and
/// Q(tau) = x[floor h] + (h - floor h)·(x[floor h + 1] - x[floor h]). Chosen so any reported p99 can be
/// reproduced with numpy/R defaults. (MathNet's own default, Statistics.Quantile, is R-8; we never call it.)
/// </summary>
public static class EmpiricalQuantile
{
    /// <summary>R-7 quantile of an ascending array (not re-sorted; the caller sorts once).</summary>
    public static double R7(double[] sorted, double tau)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            throw new ArgumentException("empty sample", nameof(sorted));
        }

        if (tau is < 0 or > 1 || double.IsNaN(tau))
        {
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "tau must be in [0, 1]");
        }

        return SortedArrayStatistics.QuantileCustom(sorted, tau, QuantileDefinition.R7);
    }

    /// <summary>Number of sample values strictly greater than <paramref name="x"/> in an ascending array (binary search).</summary>
    public static int CountAbove(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return sorted.Length - lo;
    }

    /// <summary>A sorted copy; NaN is rejected because it would silently break every order statistic.</summary>
    public static double[] SortedCopy(ReadOnlySpan<double> samples)
    {
        var copy = samples.ToArray();
        foreach (double x in copy)
        {
            if (double.IsNaN(x))
            {
                throw new ArgumentException("samples contain NaN", nameof(samples));
            }
        }

        Array.Sort(copy);
        return copy;
    }
}
