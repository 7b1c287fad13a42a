namespace XenSwitchSim.Calibration.Statistics;

/// <summary>A distribution-free quantile interval and how many observations lie beyond its upper end.</summary>
public sealed record EmpiricalQuantileInterval(double Estimate, double Lower, double Upper, int BeyondUpper);

/// <summary>
/// Distribution-free tail estimates from the sample alone.
/// Miss probability at d: k = #(X &gt; d), estimate k/n, Clopper-Pearson interval.
/// Quantile exceeded with probability p: estimate R-7 at 1-p; interval from order statistics, by inverting the same
/// exact binomial tests as Clopper-Pearson: with K ~ Binomial(n, p) the number of values above the true quantile,
/// the upper bound is the (k_U+1)-th largest value with k_U = max{k : P(K &lt;= k) &lt;= alpha/2}, the lower bound
/// the j_L-th largest with j_L = min{j : P(K &gt;= j) &lt;= alpha/2}. Hence the smallest deadline whose
/// Clopper-Pearson upper bound is &lt;= p is exactly that upper bound, with k_U values beyond it.
/// </summary>
public static class EmpiricalTail
{
    public static MethodEstimate MissProbability(double[] sorted, double deadline, double confidence = 0.95)
    {
        int n = sorted.Length;
        int k = EmpiricalQuantile.CountAbove(sorted, deadline);
        var ci = BinomialInterval.ClopperPearson(k, n, confidence);
        return new MethodEstimate((double)k / n, ci.Lower, ci.Upper, TailMethod.EmpiricalClopperPearson);
    }

    /// <summary>Quantile exceeded with probability p; Upper is +infinity when even k = 0 is too likely (p below about 3.7/n).</summary>
    public static EmpiricalQuantileInterval Quantile(double[] sorted, double p, double confidence = 0.95)
    {
        int n = sorted.Length;
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in (0, 1)");
        }

        double tail = (1 - confidence) / 2;
        double estimate = EmpiricalQuantile.R7(sorted, 1 - p);

        // k_U: largest k with P(K <= k) <= tail (the lower tail grows with k; binary search). -1 if none.
        int lo = -1, hi = n;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (BinomialTest.LowerTail(mid, n, p) <= tail)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        int kU = lo;
        double upper = kU < 0 ? double.PositiveInfinity : sorted[n - 1 - Math.Min(kU, n - 1)];

        // j_L: smallest j with P(K >= j) <= tail (the upper tail shrinks with j). n+1 if none.
        int a = 0, b = n + 1;
        while (a < b)
        {
            int mid = (a + b) >>> 1;
            if (BinomialTest.UpperTail(mid, n, p) <= tail)
            {
                b = mid;
            }
            else
            {
                a = mid + 1;
            }
        }

        double lower = a > n ? double.NegativeInfinity : sorted[n - Math.Max(a, 1)];
        return new EmpiricalQuantileInterval(estimate, lower, upper, Math.Max(kU, 0));
    }
}
