using MathNet.Numerics.Distributions;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Confidence intervals for a binomial proportion k/n. Clopper-Pearson is the exact (conservative) interval from the
/// Beta quantiles (MathNet Beta.InvCDF): lower = B(alpha/2; k, n-k+1), upper = B(1-alpha/2; k+1, n-k). At k = 0 and
/// k = n the closed forms 1-(alpha/2)^(1/n) and (alpha/2)^(1/n) are used, because they are exact and avoid a root
/// search in the far corner (1-alpha^(1/n) ≈ 3/n is the "rule of three" one-sided bound).
/// </summary>
public static class BinomialInterval
{
    /// <summary>Two-sided equal-tailed Clopper-Pearson interval at the given confidence (default 95%).</summary>
    public static Bounds ClopperPearson(int k, int n, double confidence = 0.95)
    {
        Validate(k, n, confidence);
        double alpha = 1 - confidence;
        return new Bounds(LowerBound(k, n, alpha / 2), UpperBound(k, n, alpha / 2));
    }

    /// <summary>One-sided upper Clopper-Pearson bound: P(true p &lt;= bound) &gt;= confidence.</summary>
    public static double ClopperPearsonUpper(int k, int n, double confidence = 0.95)
    {
        Validate(k, n, confidence);
        return UpperBound(k, n, 1 - confidence);
    }

    /// <summary>One-sided lower Clopper-Pearson bound.</summary>
    public static double ClopperPearsonLower(int k, int n, double confidence = 0.95)
    {
        Validate(k, n, confidence);
        return LowerBound(k, n, 1 - confidence);
    }

    /// <summary>Wilson score interval (two-sided); narrower than Clopper-Pearson, coverage close to nominal on average.</summary>
    public static Bounds Wilson(int k, int n, double confidence = 0.95)
    {
        Validate(k, n, confidence);
        double z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        double p = (double)k / n;
        double z2n = z * z / n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z * Math.Sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n);
        // Clamp the rounding residue at the edges (k = 0 must give exactly 0).
        double lower = k == 0 ? 0 : Math.Max(0, centre - half);
        double upper = k == n ? 1 : Math.Min(1, centre + half);
        return new Bounds(lower, upper);
    }

    /// <summary>Upper bound with tail probability <paramref name="tail"/> above it.</summary>
    internal static double UpperBound(int k, int n, double tail)
    {
        if (k == n)
        {
            return 1;
        }

        if (k == 0)
        {
            return -Precise.Expm1(Math.Log(tail) / n);
        }

        return Beta.InvCDF(k + 1, n - k, 1 - tail);
    }

    /// <summary>Lower bound with tail probability <paramref name="tail"/> below it.</summary>
    internal static double LowerBound(int k, int n, double tail)
    {
        if (k == 0)
        {
            return 0;
        }

        if (k == n)
        {
            return Math.Exp(Math.Log(tail) / n);
        }

        return Beta.InvCDF(k, n - k + 1, tail);
    }

    private static void Validate(int k, int n, double confidence)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive");
        }

        if (k < 0 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be in [0, n]");
        }

        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must be in (0, 1)");
        }
    }
}
