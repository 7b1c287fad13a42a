using MathNet.Numerics.Distributions;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Ljung-Box portmanteau test of no autocorrelation at lags 1..k: Q = n(n+2)·Σ r_h²/(n-h), compared with a
/// chi-square with k degrees of freedom (MathNet ChiSquared). Hand-written: MathNet 5.0.0 has no time-series tests.
/// Default lag count min(10, n/5) (Hyndman &amp; Athanasopoulos' rule for non-seasonal series).
/// <see cref="OnRanks"/> is the rank version (Dufour &amp; Roy 1986, "Generalized portmanteau statistics and tests of
/// randomness"): the same Q on the mid-ranks of the series. It is distribution-free, so a heavy tail cannot fake a
/// correlation: on raw values two far outliers a few runs apart dominate r_h (each contributes x_i·x_j / Σx²) and
/// Q rejects i.i.d. data, which is exactly the switch-time case (a rare second mode of seconds among milliseconds).
/// </summary>
public static class LjungBox
{
    public static int DefaultLags(int n) => Math.Max(1, Math.Min(10, n / 5));

    /// <summary>Ljung-Box on the mid-ranks of <paramref name="series"/> (ties share their average rank).</summary>
    public static TestResult OnRanks(ReadOnlySpan<double> series, int? lags = null)
    {
        var ranks = MidRanks(series);
        var r = Test(ranks, lags);
        return r with { Test = r.Test.Replace("ljung-box(", "ljung-box-ranks(", StringComparison.Ordinal) };
    }

    /// <summary>1-based ranks in the original order; a run of equal values gets the mean of the ranks it spans.</summary>
    public static double[] MidRanks(ReadOnlySpan<double> series)
    {
        int n = series.Length;
        var order = new int[n];
        var sorted = series.ToArray();
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(sorted, order);
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && sorted[j + 1] == sorted[i])
            {
                j++;
            }

            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++)
            {
                ranks[order[k]] = mid;
            }

            i = j + 1;
        }

        return ranks;
    }

    public static TestResult Test(ReadOnlySpan<double> series, int? lags = null)
    {
        int n = series.Length;
        if (n < 3)
        {
            throw new ArgumentException("need at least three observations", nameof(series));
        }

        int k = lags ?? DefaultLags(n);
        if (k < 1 || k >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(lags), k, "lags must be in [1, n-1]");
        }

        double mean = 0;
        foreach (double x in series)
        {
            mean += x;
        }

        mean /= n;
        double c0 = 0;
        foreach (double x in series)
        {
            c0 += (x - mean) * (x - mean);
        }

        if (!(c0 > 0))
        {
            // A constant series has no autocorrelation to speak of.
            return new TestResult($"ljung-box(lags={k})", 0, 1, k);
        }

        double q = 0;
        for (int h = 1; h <= k; h++)
        {
            double ch = 0;
            for (int t = h; t < n; t++)
            {
                ch += (series[t] - mean) * (series[t - h] - mean);
            }

            double r = ch / c0;
            q += r * r / (n - h);
        }

        q *= n * (n + 2.0);
        return new TestResult($"ljung-box(lags={k})", q, 1 - ChiSquared.CDF(k, q), k);
    }
}
