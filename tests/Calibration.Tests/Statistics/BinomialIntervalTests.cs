using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.Distributions;
using XenSwitchSim.Calibration.Statistics;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Statistics;

public class BinomialIntervalTests
{
    [Fact]
    public void Clopper_pearson_zero_of_ten()
    {
        var ci = BinomialInterval.ClopperPearson(0, 10);
        Assert.Equal(0.0, ci.Lower);
        Assert.Equal(0.3085, ci.Upper, 4);
        // one-sided 95% upper bound: 1 - 0.05^(1/10)
        Assert.Equal(0.2589, BinomialInterval.ClopperPearsonUpper(0, 10), 4);
    }

    [Fact]
    public void Clopper_pearson_five_of_ten()
    {
        var ci = BinomialInterval.ClopperPearson(5, 10);
        Assert.Equal(0.1871, ci.Lower, 4);
        Assert.Equal(0.8129, ci.Upper, 4);
    }

    [Fact]
    public void Clopper_pearson_all_successes_mirrors_zero()
    {
        var ci = BinomialInterval.ClopperPearson(10, 10);
        Assert.Equal(1.0, ci.Upper);
        Assert.Equal(1 - 0.3085, ci.Lower, 4);
    }

    [Fact]
    public void Rule_of_three_for_large_n()
    {
        // k = 0 of 1e6: the one-sided 95% bound is ~3/n.
        Assert.Equal(3.0e-6, BinomialInterval.ClopperPearsonUpper(0, 1_000_000), 7);
    }

    /// <summary>
    /// The defining property, checked with the binomial distribution rather than the Beta quantile that produced the
    /// bound: at the lower bound P(X >= k) = alpha/2, at the upper bound P(X <= k) = alpha/2.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Clopper_pearson_bounds_have_tail_probability_alpha_over_two() =>
        Prop.ForAll(
            Gen.Choose(1, 400).SelectMany(n => Gen.Choose(0, n).Select(k => (k, n))).ToArbitrary(),
            t =>
            {
                var (k, n) = t;
                var ci = BinomialInterval.ClopperPearson(k, n);
                bool lowerOk = k == 0 ? ci.Lower == 0 : Math.Abs((1 - Binomial.CDF(ci.Lower, n, k - 1)) - 0.025) < 1e-7;
                bool upperOk = k == n ? ci.Upper == 1 : Math.Abs(Binomial.CDF(ci.Upper, n, k) - 0.025) < 1e-7;
                return lowerOk && upperOk && ci.Lower <= (double)k / n && ci.Upper >= (double)k / n;
            });

    [Fact]
    public void Wilson_reference_values()
    {
        var ci = BinomialInterval.Wilson(5, 10);
        Assert.Equal(0.2366, ci.Lower, 4);
        Assert.Equal(0.7634, ci.Upper, 4);
        var zero = BinomialInterval.Wilson(0, 10);
        Assert.Equal(0.0, zero.Lower);
        Assert.Equal(0.2775, zero.Upper, 4); // z^2/n / (1 + z^2/n)
    }

    [Fact]
    public void Binomial_test_reference_value()
    {
        // 9 of 10 at p0 = 0.5: P(X >= 9) + P(X <= 1) = 22/1024.
        var r = BinomialTest.TwoSided(9, 10, 0.5);
        Assert.Equal(22.0 / 1024, r.P, 12);
        Assert.Equal(5.0, r.Expected);
    }

    /// <summary>The fast tail-sum implementation agrees with the definition summed outcome by outcome.</summary>
    [Property(MaxTest = 150)]
    public Property Binomial_test_matches_brute_force() =>
        Prop.ForAll(
            Gen.Choose(1, 300).SelectMany(n => Gen.Choose(0, n).SelectMany(k => Gen.Choose(1, 99).Select(pp => (k, n, pp / 100.0)))).ToArbitrary(),
            t =>
            {
                var (k, n, p0) = t;
                double d = Binomial.PMF(p0, n, k) * (1 + 1e-7);
                double brute = 0;
                for (int i = 0; i <= n; i++)
                {
                    double pi = Binomial.PMF(p0, n, i);
                    if (pi <= d)
                    {
                        brute += pi;
                    }
                }

                return Math.Abs(BinomialTest.TwoSided(k, n, p0).P - Math.Min(1, brute)) < 1e-9;
            });
}
