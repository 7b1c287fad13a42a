using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using XenSwitchSim.Calibration.Statistics;

namespace XenSwitchSim.Calibration.Tests.Statistics;

/// <summary>
/// The independence check must not mistake a heavy tail for dependence: switch times are milliseconds with a rare
/// mode of seconds, and two such runs a few apart make raw Ljung-Box reject i.i.d. data (docs/deadlines.md).
/// </summary>
public class RankIndependenceTests
{
    /// <summary>15 ms body (sigma_log 0.1) with a 0.3% mode around 1 s, like the calibrated model's switch times.</summary>
    private static double[] SwitchLike(Random rng, int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble() < 0.003 ? LogNormal.Sample(rng, Math.Log(1e6), 0.3) : LogNormal.Sample(rng, Math.Log(15000), 0.1);
        }

        return x;
    }

    [Fact]
    public void Mid_ranks_average_ties_and_keep_the_order()
    {
        Assert.Equal(new[] { 3.0, 1.0, 4.5, 2.0, 4.5 }, LjungBox.MidRanks(new[] { 7.0, -1.0, 9.0, 3.0, 9.0 }));
    }

    [Fact]
    public void Rank_ljung_box_holds_its_level_on_heavy_tailed_iid_runs_where_the_raw_test_does_not()
    {
        var rng = new Xoshiro256StarStar(61);
        const int trials = 100;
        int rankRejections = 0, rawRejections = 0;
        for (int t = 0; t < trials; t++)
        {
            var x = SwitchLike(rng, 5000);
            if (LjungBox.OnRanks(x).P < 0.05)
            {
                rankRejections++;
            }

            if (LjungBox.Test(x).P < 0.05)
            {
                rawRejections++;
            }
        }

        Assert.InRange(rankRejections, 0, 13); // Binomial(100, 0.05): mean 5, sd 2.2
        // Beyond the 99.9% point of Binomial(100, 0.05) (12): the raw test is far off its level on these data.
        Assert.True(rawRejections > 12, $"the raw test rejected only {rawRejections}/100: the case this guards against did not arise");
    }

    [Fact]
    public void Rank_ljung_box_still_detects_dependence_under_heavy_tailed_innovations()
    {
        var rng = new Xoshiro256StarStar(62);
        for (int t = 0; t < 20; t++)
        {
            // AR(1) with phi = 0.4 on Student-t(2) innovations: infinite variance, real dependence.
            var ar = new double[1000];
            for (int i = 1; i < ar.Length; i++)
            {
                ar[i] = 0.4 * ar[i - 1] + StudentT.Sample(rng, 0, 1, 2);
            }

            Assert.True(LjungBox.OnRanks(ar).P < 1e-6, $"trial {t}: dependence missed");
        }
    }

    [Fact]
    public void Tail_analysis_independence_passes_iid_runs_with_two_far_outliers_close_together()
    {
        // An i.i.d. body with two far-mode runs three apart: a realisation i.i.d. sampling produces (docs/deadlines.md
        // found 1.09 s and 246 ms three runs apart in 20,000). Raw Ljung-Box calls it dependent.
        var x = SwitchLike(new Xoshiro256StarStar(63), 3000).Select(v => Math.Min(v, 40_000)).ToArray();
        x[1000] = 1_090_000;
        x[1003] = 246_000;
        Assert.True(LjungBox.Test(x).P < 1e-6);
        var verdict = new TailAnalyzer(x).Independence();
        Assert.True(verdict.Pass, $"{verdict.Test}: p = {verdict.P}");
        Assert.Contains("ranks", verdict.Test);
    }
}
