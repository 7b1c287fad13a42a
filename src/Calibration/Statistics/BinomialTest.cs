using System.Text.Json.Serialization;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>Result of an exact binomial test: the contract's exceed_p99 object {"observed","expected","p"}.</summary>
public sealed record BinomialTestResult(
    [property: JsonPropertyName("observed")] int Observed,
    [property: JsonPropertyName("expected")] double Expected,
    [property: JsonPropertyName("p")] double P);

/// <summary>
/// Exact two-sided binomial test with the "minimum likelihood" p-value (as R's binom.test): the total probability of
/// all outcomes no more likely than the observed one. Tails are summed with regularised incomplete Beta functions so
/// that p-values far below 1e-16 keep their magnitude instead of rounding 1 - CDF to 0.
/// </summary>
public static class BinomialTest
{
    /// <summary>Relative tolerance R uses when comparing probabilities of outcomes (ties in the pmf).</summary>
    private const double RelativeTolerance = 1 + 1e-7;

    public static BinomialTestResult TwoSided(int observed, int n, double p0)
    {
        if (n <= 0 || observed < 0 || observed > n)
        {
            throw new ArgumentOutOfRangeException(nameof(observed), "need 0 <= observed <= n, n > 0");
        }

        if (!(p0 > 0 && p0 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p0), p0, "p0 must be in (0, 1)");
        }

        double expected = n * p0;
        double d = Binomial.PMF(p0, n, observed) * RelativeTolerance;
        double p;
        if (observed == expected)
        {
            p = 1;
        }
        else if (observed < expected)
        {
            // Smallest j above the mean with pmf(j) <= pmf(observed): the pmf decreases there, so binary search.
            int lo = (int)Math.Ceiling(expected), hi = n + 1;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (Binomial.PMF(p0, n, mid) <= d)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            p = LowerTail(observed, n, p0) + UpperTail(lo, n, p0);
        }
        else
        {
            // Largest j below the mean with pmf(j) <= pmf(observed): the pmf increases there.
            int lo = -1, hi = (int)Math.Floor(expected);
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if (Binomial.PMF(p0, n, mid) <= d)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            p = LowerTail(lo, n, p0) + UpperTail(observed, n, p0);
        }

        return new BinomialTestResult(observed, expected, Math.Min(1, p));
    }

    /// <summary>P(X &lt;= k) = I_{1-p}(n-k, k+1); 0 for k &lt; 0.</summary>
    internal static double LowerTail(int k, int n, double p)
    {
        if (k < 0)
        {
            return 0;
        }

        return k >= n ? 1 : SpecialFunctions.BetaRegularized(n - k, k + 1, 1 - p);
    }

    /// <summary>P(X &gt;= j) = I_p(j, n-j+1); 0 for j &gt; n.</summary>
    internal static double UpperTail(int j, int n, double p)
    {
        if (j > n)
        {
            return 0;
        }

        return j <= 0 ? 1 : SpecialFunctions.BetaRegularized(j, n - j + 1, p);
    }
}
