using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using XenSwitchSim.Calibration.Statistics;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Statistics;

public class PairedDifferenceTests
{
    /// <summary>CRN pairs: a shared per-run component (the common random numbers) plus small scenario-specific noise.</summary>
    private static (double[] A, double[] B) Pairs(int n, int seed, double shiftB, double scaleB = 1)
    {
        var rng = new Xoshiro256StarStar(seed);
        var a = new double[n];
        var b = new double[n];
        for (int i = 0; i < n; i++)
        {
            double common = LogNormal.Sample(rng, Math.Log(15000), 0.25);
            a[i] = common + Normal.Sample(rng, 0, 100);
            b[i] = scaleB * common + shiftB + Normal.Sample(rng, 0, 100);
        }

        return (a, b);
    }

    [Fact]
    public void A_pure_shift_is_recovered_exactly()
    {
        var a = LogNormal.Samples(new Xoshiro256StarStar(1), 9.6, 0.3).Take(1000).ToArray();
        var b = a.Select(v => v + 5).ToArray();
        var d = PairedDifference.Compare(a, b, deadlineUs: 30000);
        Assert.Equal(-5, d.MeanUs.Estimate, 9);
        Assert.Equal(-5, d.MeanUs.Lower, 9);
        Assert.Equal(-5, d.MeanUs.Upper, 9);
        Assert.Equal(-5, d.P99Us.Estimate, 9);
        Assert.Equal(-5, d.P99Us.Lower, 9);
        Assert.Equal(-5, d.P99Us.Upper, 9);
    }

    [Fact]
    public void Pairing_makes_the_mean_interval_much_tighter_than_independent_samples_and_it_covers()
    {
        var (a, b) = Pairs(1000, 2, shiftB: 200);
        var paired = PairedDifference.Mean(a, b);
        Assert.True(paired.Contains(-200), $"{paired}");
        var sa = SummaryStats.Compute(a);
        var sb = SummaryStats.Compute(b);
        double unpairedHalf = 1.96 * Math.Sqrt(sa.SampleVarianceUs2 / a.Length + sb.SampleVarianceUs2 / b.Length);
        Assert.True((paired.Upper - paired.Lower) / 2 < unpairedHalf / 10);
    }

    [Fact]
    public void P99_bootstrap_is_deterministic_and_covers_the_true_difference()
    {
        var (a, b) = Pairs(2000, 3, shiftB: 0, scaleB: 1.05);
        Assert.Equal(PairedDifference.P99(a, b, bootstrapReplicates: 300, seed: 7), PairedDifference.P99(a, b, bootstrapReplicates: 300, seed: 7));

        // Truth: the p99 of the common lognormal scaled by 1.05, the noise (sd 100 us) is negligible at p99 (~27 ms).
        double trueP99 = Math.Exp(Math.Log(15000) + 0.25 * Normal.InvCDF(0, 1, 0.99));
        double truth = trueP99 - 1.05 * trueP99;
        int cover = 0;
        const int trials = 100;
        for (int t = 0; t < trials; t++)
        {
            var (ta, tb) = Pairs(2000, 100 + t, shiftB: 0, scaleB: 1.05);
            if (PairedDifference.P99(ta, tb, bootstrapReplicates: 200, seed: t).Contains(truth))
            {
                cover++;
            }
        }

        // Percentile bootstrap of an extreme quantile (20 values above p99) covers ~0.9-0.95; 100 trials have sd ~0.03.
        Assert.InRange(cover, 82, 100);
    }

    /// <summary>
    /// Newcombe's method 10 on correlated paired misses (latent correlation 0.7, miss rates 5% and 3%, n = 500):
    /// 400 trials, nominal 95%, sd of the observed coverage 0.011, so [0.92, 0.985] is about ±3 sd.
    /// </summary>
    [Fact]
    public void Paired_miss_probability_interval_has_nominal_coverage()
    {
        var rng = new Xoshiro256StarStar(4);
        double za = Normal.InvCDF(0, 1, 0.95), zb = Normal.InvCDF(0, 1, 0.97);
        const double truth = 0.05 - 0.03;
        int cover = 0;
        const int trials = 400;
        for (int t = 0; t < trials; t++)
        {
            var a = new double[500];
            var b = new double[500];
            for (int i = 0; i < a.Length; i++)
            {
                double common = Normal.Sample(rng, 0, 1);
                a[i] = 0.7 * common + Math.Sqrt(1 - 0.49) * Normal.Sample(rng, 0, 1) - za;
                b[i] = 0.7 * common + Math.Sqrt(1 - 0.49) * Normal.Sample(rng, 0, 1) - zb;
            }

            if (PairedDifference.MissProbability(a, b, 0).Contains(truth))
            {
                cover++;
            }
        }

        Assert.InRange(cover / (double)trials, 0.92, 0.985);
    }

    [Fact]
    public void Miss_difference_is_antisymmetric_and_sane_without_misses()
    {
        var (a, b) = Pairs(800, 5, shiftB: 1000);
        var ab = PairedDifference.MissProbability(a, b, 25000);
        var ba = PairedDifference.MissProbability(b, a, 25000);
        Assert.Equal(-ab.Estimate, ba.Estimate, 12);
        Assert.Equal(-ab.Upper, ba.Lower, 12);
        Assert.Equal(-ab.Lower, ba.Upper, 12);

        var none = PairedDifference.MissProbability(a, b, 1e9);
        Assert.Equal(0, none.Estimate);
        Assert.True(none.Lower < 0 && none.Upper > 0 && none.Upper < 0.01); // zero misses in 800: about ±3.8/800
    }
}
