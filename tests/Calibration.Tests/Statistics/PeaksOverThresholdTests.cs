using XenSwitchSim.Calibration.Statistics;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Statistics;

public class PeaksOverThresholdTests
{
    [Fact]
    public void Point_estimates_follow_the_pot_formula()
    {
        var x = new GpdTail().Draw(5000, 3);
        Array.Sort(x);
        double u = EmpiricalQuantile.R7(x, 0.9);
        var pot = PotModel.Fit(x, u);
        Assert.Equal(500, pot.NExceed);
        Assert.Equal(0.1, pot.Zeta, 12);
        double d = u + 3000;
        double expected = 0.1 * Math.Pow(1 + pot.Gpd.Xi * 3000 / pot.Gpd.Sigma, -1 / pot.Gpd.Xi);
        Assert.Equal(expected, pot.TailProbabilityEstimate(d), 12);
        // the return level inverts the tail probability
        Assert.Equal(d, pot.ReturnLevelEstimate(expected), 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => pot.TailProbability(u - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => pot.ReturnLevel(0.2));
    }

    /// <summary>
    /// Coverage of the joint (zeta, GPD) profile intervals over 200 seeded trials of n = 2000 from a GPD tail,
    /// threshold fixed at the 0.9 quantile (200 exceedances), target P(X &gt; d) = 1e-4, i.e. beyond the data
    /// (n·p = 0.2). The observed coverage of 200 trials has sd ≈ 0.016; profile intervals at 200 exceedances cover
    /// 0.93-0.95, so [0.88, 0.99] is about 3 sd below 0.93 and 2.5 sd above 0.95.
    /// </summary>
    [Fact]
    public void Joint_profile_intervals_cover_the_true_tail_probability_and_quantile()
    {
        var population = new GpdTail();
        const double pTrue = 1e-4;
        double d = population.Quantile(pTrue);
        int coverP = 0, coverQ = 0;
        const int trials = 200;
        for (int t = 0; t < trials; t++)
        {
            var x = population.Draw(2000, 5000 + t);
            Array.Sort(x);
            var pot = PotModel.Fit(x, EmpiricalQuantile.R7(x, 0.9));
            var p = pot.TailProbability(d);
            Assert.True(p.Lower <= p.Estimate && p.Estimate <= p.Upper);
            if (p.Contains(pTrue))
            {
                coverP++;
            }

            if (pot.ReturnLevel(pTrue).Contains(d))
            {
                coverQ++;
            }
        }

        Assert.InRange(coverP / (double)trials, 0.88, 0.99);
        Assert.InRange(coverQ / (double)trials, 0.88, 0.99);
    }

    /// <summary>The interval for P(X &gt; d) and the interval for the level at p are two views of one confidence region.</summary>
    [Fact]
    public void Tail_probability_and_return_level_intervals_are_dual()
    {
        var x = new GpdTail().Draw(3000, 77);
        Array.Sort(x);
        var pot = PotModel.Fit(x, EmpiricalQuantile.R7(x, 0.85));
        const double p = 1e-5;
        var level = pot.ReturnLevel(p);
        // At the upper end of the level's interval, the upper bound of the miss probability is p itself.
        Assert.Equal(p, pot.TailProbability(level.Upper).Upper, p * 1e-3);
        Assert.Equal(p, pot.TailProbability(level.Lower).Lower, p * 1e-3);
    }

    [Fact]
    public void Selection_takes_a_low_threshold_for_a_pure_gpd_tail()
    {
        var x = new GpdTail().Draw(5000, 1);
        Array.Sort(x);
        var choice = PeaksOverThreshold.SelectThreshold(x)!;
        Assert.True(choice.RuleSatisfied, choice.Note);
        Assert.InRange(choice.Selected.ExceedanceFraction, 0.05, 0.2);
        Assert.InRange(choice.Model.Gpd.Xi, -0.1, 0.3);
        Assert.NotEmpty(choice.Neighbours);
        Assert.NotNull(choice.Selected.AndersonDarling);
        Assert.True(choice.Selected.AndersonDarling!.P >= 0.05);
        // Candidates: quantile levels 1 - 0.2·2^(-j/2), all with 50..10000 exceedances.
        Assert.All(choice.Candidates, c => Assert.InRange(c.NExceed, 50, 10000));
        Assert.Equal(0.2, choice.Candidates[0].ExceedanceFraction, 12);
        Assert.Equal(0.2 / Math.Sqrt(2), choice.Candidates[1].ExceedanceFraction, 12);
    }

    [Fact]
    public void Selection_skips_the_body_when_a_rare_far_mode_has_enough_points()
    {
        var x = new RareFarMode().Draw(20000, 1);
        Array.Sort(x);
        var choice = PeaksOverThreshold.SelectThreshold(x)!;
        // The body ends near 15 ms·e^(0.1·4) ≈ 22 ms; the chosen threshold must be inside the far mode, where no gap
        // remains. (Whether AD also accepts an exponential for ~60-90 far values varies with the seed: the far mode's
        // own tail is bounded-looking, xi ≈ -0.3, and the default floor models it as xi = 0.)
        Assert.True(choice.Model.Threshold > 30000, choice.Note);
        Assert.True(choice.Selected.Gap.P >= 0.01, choice.Note);
        // Lower thresholds mixing body and far mode show the gap.
        Assert.Contains(choice.Candidates, c => c.Threshold < 22000 && c.Gap.P < 1e-6);
    }

    [Fact]
    public void Selection_reports_failure_when_the_far_mode_is_too_rare_to_model()
    {
        var x = new RareFarMode().Draw(2000, 1); // about 10 far values
        Array.Sort(x);
        var choice = PeaksOverThreshold.SelectThreshold(x)!;
        Assert.False(choice.RuleSatisfied);
        Assert.True(choice.Selected.Gap.P < 0.01);
        Assert.Contains("no candidate met the rule", choice.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_small_samples_have_no_candidate()
    {
        var x = new GpdTail().Draw(200, 2);
        Array.Sort(x);
        Assert.Null(PeaksOverThreshold.SelectThreshold(x));
    }

    [Fact]
    public void Gpd_goodness_of_fit_accepts_a_gpd_and_rejects_a_two_mode_tail()
    {
        var gpd = GpdEstimator.Fit(GeneralizedParetoTests.Draw(new GeneralizedPareto(1, 0.2), 300, 4));
        var ok = GpdGoodnessOfFit.AndersonDarling(gpd, 99, 1);
        Assert.True(ok.P >= 0.05, $"A2 = {ok.Statistic}, p = {ok.P}");
        Assert.Equal(ok, GpdGoodnessOfFit.AndersonDarling(gpd, 99, 1)); // seeded: same data, same p

        // Excesses from two separated clusters.
        var two = GeneralizedParetoTests.Draw(new GeneralizedPareto(1, -0.3), 250, 5)
            .Concat(GeneralizedParetoTests.Draw(new GeneralizedPareto(1, -0.3), 50, 6).Select(v => v + 20))
            .ToArray();
        var bad = GpdEstimator.Fit(two);
        Assert.True(GpdGoodnessOfFit.AndersonDarling(bad, 99, 1).P < 0.05);
        Assert.True(TailModeCheck.MaxSpacing(bad).P < 1e-4);
        Assert.True(TailModeCheck.MaxSpacing(gpd).P > 0.01);
    }
}
