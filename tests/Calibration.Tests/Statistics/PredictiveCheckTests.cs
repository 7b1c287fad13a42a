using System.Text.Json;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using XenSwitchSim.Calibration.Statistics;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Statistics;

public class PredictiveCheckTests
{
    [Fact]
    public void Pit_splits_ties_and_histogram_bins_the_unit_interval()
    {
        var pit = PredictiveCheck.Pit(new double[] { 2, 0, 5 }, new double[] { 1, 2, 2, 3 });
        Assert.Equal(new[] { 0.5, 0.0, 1.0 }, pit); // 2: one below + half of two equal; 0: none below; 5: all below
        Assert.Equal(new[] { 1, 0, 0, 0, 0, 1, 0, 0, 0, 1 }, PredictiveCheck.PitHistogram(pit));
    }

    /// <summary>
    /// With a correct prediction each test rejects at about its level: 200 seeded comparisons, Binomial(200, 0.05)
    /// has mean 10 and sd 3.1, so at most 20 rejections (+3 sd). The PIT counts pooled over all comparisons are
    /// uniform (chi-square, 9 df, 0.1% point 27.9).
    /// </summary>
    [Fact]
    public void Under_a_correct_prediction_each_test_rejects_at_its_nominal_rate()
    {
        int ks = 0, ad = 0, exceed = 0;
        var pooledPit = new int[10];
        const int trials = 200;
        for (int t = 0; t < trials; t++)
        {
            var rng = new Xoshiro256StarStar(2000 + t);
            var predicted = LogNormal.Samples(rng, 9.6, 0.3).Take(5000).ToArray();
            var measured = LogNormal.Samples(rng, 9.6, 0.3).Take(200).ToArray();
            var c = PredictiveCheck.Compare(measured, predicted);
            ks += c.Ks.P < 0.05 ? 1 : 0;
            ad += c.Ad.P < 0.05 ? 1 : 0;
            exceed += c.ExceedP99.P < 0.05 ? 1 : 0;
            Assert.Equal(2.0, c.ExceedP99.Expected);
            for (int i = 0; i < 10; i++)
            {
                pooledPit[i] += c.Pit[i];
            }
        }

        Assert.InRange(ks, 1, 20);
        Assert.InRange(ad, 1, 20);
        Assert.InRange(exceed, 0, 20); // discrete: Binomial(200, 0.01) has no outcome set of probability exactly 5%
        double expected = trials * 200 / 10.0;
        double chi2 = pooledPit.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi2 < 27.9, $"chi2 = {chi2}");
    }

    /// <summary>
    /// A small predictive sample: its p99 is an estimate, and a correct prediction must not be rejected more often
    /// than the level says. 400 seeded comparisons of 60 measured against 180 predicted runs of one bounded
    /// distribution (uniform, like the guest-tick phase); Binomial(n, 0.01) against the estimated p99 rejected far
    /// more than 5% of them.
    /// </summary>
    [Fact]
    public void Exceedances_of_an_estimated_p99_are_judged_with_the_predictive_sample_size()
    {
        int rejected = 0, rejectedByBinomial = 0;
        const int trials = 400;
        for (int t = 0; t < trials; t++)
        {
            var rng = new Xoshiro256StarStar(7000 + t);
            var predicted = ContinuousUniform.Samples(rng, 0, 4000).Take(180).ToArray();
            var measured = ContinuousUniform.Samples(rng, 0, 4000).Take(60).ToArray();
            var c = PredictiveCheck.ExceedP99(measured, predicted);
            rejected += c.P < 0.05 ? 1 : 0;
            rejectedByBinomial += BinomialTest.TwoSided(c.Observed, measured.Length, 0.01).P < 0.05 ? 1 : 0;
        }

        Assert.InRange(rejected, 0, 30); // at most the 5% level (20) plus 2.3 sd
        Assert.True(rejectedByBinomial > 2 * rejected, $"exchangeable {rejected}, binomial {rejectedByBinomial} of {trials}");
    }

    [Fact]
    public void The_exceedance_distribution_is_a_distribution_with_the_right_mean()
    {
        // n measured above the r-th largest of m predicted: sums to 1, mean n r / (m + 1).
        const int n = 60, m = 180, r = 3;
        double total = 0, mean = 0;
        for (int k = 0; k <= n; k++)
        {
            double pk = PredictiveCheck.ExceedanceTail(k, n, m, r, upperTail: true) - (k < n ? PredictiveCheck.ExceedanceTail(k + 1, n, m, r, upperTail: true) : 0);
            total += pk;
            mean += k * pk;
        }

        Assert.Equal(1, total, 9);
        Assert.Equal(n * r / (m + 1.0), mean, 6);
    }

    [Fact]
    public void A_slower_system_is_caught_by_every_check()
    {
        var rng = new Xoshiro256StarStar(21);
        var predicted = LogNormal.Samples(rng, 9.6, 0.3).Take(20000).ToArray();
        var slower = LogNormal.Samples(rng, 9.6, 0.3).Take(500).Select(v => v * 1.25).ToArray();
        var bad = PredictiveCheck.Compare(slower, predicted);
        Assert.True(bad.Ks.P < 1e-6, $"KS p {bad.Ks.P}");
        Assert.True(bad.Ad.P <= 0.001, $"AD p {bad.Ad.P}");
        Assert.True(bad.ExceedP99.Observed > 15 && bad.ExceedP99.P < 1e-4, $"{bad.ExceedP99}");
        Assert.True(bad.Pit[9] > 2 * bad.Pit[0]);
    }

    [Fact]
    public void Comparison_serialises_to_the_validate_shape()
    {
        var rng = new Xoshiro256StarStar(22);
        var cmp = PredictiveCheck.Compare(Normal.Samples(rng, 100, 10).Take(50).ToArray(), Normal.Samples(rng, 100, 10).Take(1000).ToArray());
        using var doc = JsonDocument.Parse(StatisticsJson.Serialize(cmp));
        var root = doc.RootElement;
        Assert.Equal(new[] { "ks", "ad", "exceed_p99", "pit" }, root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(new[] { "d", "p" }, root.GetProperty("ks").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(new[] { "a2", "p" }, root.GetProperty("ad").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(new[] { "observed", "expected", "p" }, root.GetProperty("exceed_p99").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(10, root.GetProperty("pit").GetArrayLength());
    }
}
