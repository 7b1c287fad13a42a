using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using XenSwitchSim.Calibration.Statistics;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Statistics;

public class TwoSampleTests
{
    // Scholz & Stephens (1987), Table: smoothness of paper by four laboratories (8 each); has ties (43.0, 34.0, 34.8).
    private static readonly double[][] Labs =
    {
        new[] { 38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0 },
        new[] { 39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8 },
        new[] { 34.0, 35.0, 39.0, 40.0, 43.0, 43.0, 44.0, 45.0 },
        new[] { 34.0, 34.8, 34.8, 35.4, 37.2, 37.8, 41.2, 42.8 },
    };

    /// <summary>
    /// Published values for this example (as reproduced by R kSamples::ad.test and SciPy's test suite):
    /// sigma_N = 1.2038, A²_kN = 8.3559 (T = 4.449), A²_akN = 8.3926 (T = 4.480), p ≈ 0.002.
    /// </summary>
    [Fact]
    public void Anderson_darling_k_sample_matches_the_published_example()
    {
        var right = AndersonDarlingKSample.Test(Labs, midrank: false);
        var mid = AndersonDarlingKSample.Test(Labs, midrank: true);
        Assert.Equal(1.2038, right.SigmaN, 4);
        Assert.Equal(8.3559, right.A2, 4);
        Assert.Equal(4.449, right.T, 3);
        Assert.Equal(8.3926, mid.A2, 4);
        Assert.Equal(4.480, mid.T, 3);
        // kSamples reports 0.0023 / 0.0022 and SciPy 0.0021 with slightly different interpolations.
        Assert.InRange(right.P, 0.0019, 0.0025);
        Assert.InRange(mid.P, 0.0018, 0.0025);
    }

    [Fact]
    public void Anderson_darling_two_sample_is_symmetric_and_calibrated_under_the_null()
    {
        var rng = new Xoshiro256StarStar(5);
        int rejections = 0;
        const int trials = 300;
        for (int t = 0; t < trials; t++)
        {
            var a = Normal.Samples(rng, 0, 1).Take(60).ToArray();
            var b = Normal.Samples(rng, 0, 1).Take(40).ToArray();
            var ab = AndersonDarlingKSample.TwoSample(a, b);
            var ba = AndersonDarlingKSample.TwoSample(b, a);
            Assert.Equal(ab.A2, ba.A2, 10);
            if (ab.P < 0.05)
            {
                rejections++;
            }
        }

        // Binomial(300, 0.05): mean 15, sd 3.8; [5, 28] is about ±3.5 sd.
        Assert.InRange(rejections, 5, 28);
    }

    [Fact]
    public void Anderson_darling_two_sample_detects_a_shift()
    {
        var rng = new Xoshiro256StarStar(6);
        var a = Normal.Samples(rng, 0, 1).Take(100).ToArray();
        var b = Normal.Samples(rng, 0.8, 1).Take(100).ToArray();
        Assert.True(AndersonDarlingKSample.TwoSample(a, b).P <= 0.001);
    }

    [Fact]
    public void Kolmogorov_q_function_reference_values()
    {
        // Q_KS(lambda): the classical critical points 1.2238 (10%), 1.3581 (5%), 1.6276 (1%), and Q(0.5), Q(1), Q(2)
        Assert.Equal(0.10, KolmogorovSmirnov.QKs(1.2238), 4);
        Assert.Equal(0.05, KolmogorovSmirnov.QKs(1.3581), 4);
        Assert.Equal(0.01, KolmogorovSmirnov.QKs(1.6276), 4);
        Assert.Equal(0.96394, KolmogorovSmirnov.QKs(0.5), 4);
        Assert.Equal(0.26999, KolmogorovSmirnov.QKs(1.0), 4);
        Assert.Equal(0.00067, KolmogorovSmirnov.QKs(2.0), 5);
        // both branches agree where they meet
        Assert.Equal(KolmogorovSmirnov.QKs(1.1799999), KolmogorovSmirnov.QKs(1.18), 6);
    }

    [Fact]
    public void Ks_statistic_with_ties()
    {
        // F1 and F2 on pooled values {1,2,3}: a = {1,2,2,3}, b = {1,1,3,3}: |0.25-0.5|, |0.75-0.5|, 0 -> D = 0.25
        var r = KolmogorovSmirnov.TwoSample(new double[] { 1, 2, 2, 3 }, new double[] { 1, 1, 3, 3 });
        Assert.Equal(0.25, r.Statistic, 12);
    }

    /// <summary>
    /// Under the null the p-values are roughly uniform: the rejection rate at 5% is within binomial noise (KS is a
    /// little conservative for discrete D, so the lower bound is loose) and the p-values' own KS distance to the
    /// uniform is small.
    /// </summary>
    [Fact]
    public void Ks_p_values_are_uniformish_under_the_null_and_small_under_a_shift()
    {
        var rng = new Xoshiro256StarStar(8);
        const int trials = 300;
        var ps = new double[trials];
        for (int t = 0; t < trials; t++)
        {
            var a = LogNormal.Samples(rng, 9.6, 0.3).Take(80).ToArray();
            var b = LogNormal.Samples(rng, 9.6, 0.3).Take(120).ToArray();
            ps[t] = KolmogorovSmirnov.TwoSample(a, b).P;
        }

        int rejections = ps.Count(p => p < 0.05);
        Assert.InRange(rejections, 3, 28);
        Array.Sort(ps);
        double dUniform = 0;
        for (int i = 0; i < trials; i++)
        {
            dUniform = Math.Max(dUniform, Math.Max(Math.Abs(ps[i] - (i + 1.0) / trials), Math.Abs(ps[i] - (double)i / trials)));
        }

        // One-sample KS 1% critical value for n = 300 is 1.63/sqrt(300) = 0.094.
        Assert.True(dUniform < 0.094, $"p-values not uniform: D = {dUniform}");

        int detected = 0;
        for (int t = 0; t < 50; t++)
        {
            var a = LogNormal.Samples(rng, 9.6, 0.3).Take(200).ToArray();
            var b = LogNormal.Samples(rng, 9.8, 0.3).Take(200).ToArray(); // +22% shift
            if (KolmogorovSmirnov.TwoSample(a, b).P < 0.01)
            {
                detected++;
            }
        }

        Assert.True(detected >= 45, $"shift detected only {detected}/50 times");
    }

    [Fact]
    public void Ljung_box_flags_ar1_and_passes_white_noise()
    {
        var rng = new Xoshiro256StarStar(9);
        int whiteRejections = 0, arDetections = 0;
        const int trials = 200;
        for (int t = 0; t < trials; t++)
        {
            var e = Normal.Samples(rng, 0, 1).Take(500).ToArray();
            if (LjungBox.Test(e).P < 0.05)
            {
                whiteRejections++;
            }

            var ar = new double[500];
            for (int i = 1; i < ar.Length; i++)
            {
                ar[i] = 0.5 * ar[i - 1] + e[i];
            }

            if (LjungBox.Test(ar).P < 0.001)
            {
                arDetections++;
            }
        }

        Assert.InRange(whiteRejections, 2, 20); // Binomial(200, 0.05): mean 10, sd 3.1
        Assert.Equal(trials, arDetections);   // r1 = 0.5 with n = 500 gives Q ~ 125 at lag 1 alone
    }

    [Fact]
    public void Runs_test_flags_trend_and_alternation_and_passes_noise()
    {
        var trend = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
        Assert.True(RunsTest.AboutMedian(trend).P < 1e-10); // two runs
        var alternating = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? 1.0 : 2.0).ToArray();
        Assert.True(RunsTest.AboutMedian(alternating).P < 1e-10); // 200 runs
        var rng = new Xoshiro256StarStar(10);
        int rejections = 0;
        for (int t = 0; t < 200; t++)
        {
            if (RunsTest.AboutMedian(Normal.Samples(rng, 0, 1).Take(300).ToArray()).P < 0.05)
            {
                rejections++;
            }
        }

        Assert.InRange(rejections, 2, 20);
    }
}
