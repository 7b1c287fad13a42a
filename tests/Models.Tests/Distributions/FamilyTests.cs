using MathNet.Numerics.Distributions;
using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Tests.Support;

namespace XenSwitchSim.Models.Tests.Distributions;

public class FamilyTests
{
    [Fact]
    public void Lognormal_from_mean_and_sd_matches_MathNet_parameterisation()
    {
        var mine = LogNormalDistribution.FromMeanSd(14777, Math.Sqrt(328259));
        var mathNet = LogNormal.WithMeanVariance(14777, 328259, null);

        Assert.Equal(mathNet.Mu, mine.Mu, 12);
        Assert.Equal(mathNet.Sigma, mine.Sigma, 12);
        Assert.Equal(14777, mine.Mean, 8);
        Assert.Equal(328259, mine.Variance, 5);
    }

    [Fact]
    public void Gamma_from_mean_and_sd_has_that_mean_and_sd()
    {
        var g = GammaDistribution.FromMeanSd(5000, 1000);
        Assert.Equal(25, g.Shape, 12);
        Assert.Equal(200, g.ScaleUs, 12);
        Assert.Equal(5000, g.Mean, 9);
        Assert.Equal(1000, g.StandardDeviation, 9);
    }

    [Fact]
    public void Mixture_weights_are_normalised()
    {
        var m = new MixtureDistribution(
        [
            new MixtureComponent(2, new ConstantDistribution(100)),
            new MixtureComponent(6, new ConstantDistribution(200)),
        ]);

        Assert.Equal([0.25, 0.75], m.Components.Select(c => c.Weight));
        Assert.Equal(175, m.Mean, 12);
    }

    [Fact]
    public void Mixture_picks_components_in_proportion_to_their_weights()
    {
        var m = new MixtureDistribution(
        [
            new MixtureComponent(1, new ConstantDistribution(100)),
            new MixtureComponent(3, new ConstantDistribution(200)),
        ]);
        var random = new TestRandom(99);
        const int n = 200_000;
        var firsts = 0;
        for (var i = 0; i < n; i++)
        {
            firsts += m.Sample(random) == 100 ? 1 : 0;
        }

        // Binomial(n, 1/4): 5 standard errors.
        var se = Math.Sqrt(n * 0.25 * 0.75);
        Assert.InRange(firsts, (n * 0.25) - (5 * se), (n * 0.25) + (5 * se));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Mixture_rejects_a_weight_that_is_not_positive(double weight)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MixtureDistribution(
        [
            new MixtureComponent(1, new ConstantDistribution(100)),
            new MixtureComponent(weight, new ConstantDistribution(200)),
        ]));
    }

    [Fact]
    public void Empirical_draws_only_observed_values_and_reports_population_moments()
    {
        double[] runs = [44171, 141991, 41376, 44171, 44171];
        var e = new EmpiricalDistribution(runs);
        var random = new TestRandom(5);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Contains(e.Sample(random), runs);
        }

        var mean = runs.Average();
        Assert.Equal(mean, e.Mean, 9);
        Assert.Equal(runs.Sum(x => (x - mean) * (x - mean)) / runs.Length, e.Variance, 6);
        Assert.Equal(0.8, e.Cdf(44171), 15);
        Assert.Equal(41376, e.Quantile(0.2));
        Assert.Equal(44171, e.Quantile(0.2000001));
        Assert.Equal(141991, e.Quantile(1));
    }

    [Fact]
    public void Shifted_moves_every_quantile_and_the_mean_but_not_the_variance()
    {
        var inner = new GammaDistribution(2, 500);
        var s = new ShiftedDistribution(1200, inner);
        Assert.Equal(inner.Mean + 1200, s.Mean, 9);
        Assert.Equal(inner.Variance, s.Variance, 9);
        Assert.Equal(inner.Quantile(0.3) + 1200, s.Quantile(0.3), 9);
        Assert.Equal(0, s.Cdf(1199.999));
    }

    [Fact]
    public void Weibull_moments_follow_the_gamma_function()
    {
        var w = new WeibullDistribution(1, 2000); // shape 1 is the exponential
        Assert.Equal(2000, w.Mean, 9);
        Assert.Equal(2000 * 2000, w.Variance, 3);
    }

    [Fact]
    public void Describe_names_the_family_and_its_mean()
    {
        var text = LogNormalDistribution.FromMeanSd(14777, 573).Describe();
        Assert.StartsWith("lognormal(mu=", text);
        Assert.Contains("mean 14777 us", text);
    }

    [Fact]
    public void Densities_exist_only_without_atoms()
    {
        Assert.Throws<InvalidOperationException>(() => new ConstantDistribution(5).Density(5));
        Assert.False(Families.Discrete["mixture with atom"].HasDensity);
        Assert.Equal(1.0 / 4000, new UniformDistribution(0, 4000).Density(10), 15);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1)]
    [InlineData(3.7)]
    [InlineData(60)]
    public void Gamma_cdf_agrees_with_MathNet_in_the_bulk_and_with_the_exact_tail(double shape)
    {
        var g = new GammaDistribution(shape, 250);
        foreach (var z in new[] { 0.05, 0.3, 1, 2.5, 7, 20, 55, 80 })
        {
            var x = z * 250;
            var mathNet = Gamma.CDF(shape, 1 / 250.0, x);
            if (mathNet is > 1e-10 and < 1 - 1e-10)
            {
                Assert.True(Math.Abs(g.Cdf(x) - mathNet) <= 1e-12, $"shape {shape}, x {x}: {g.Cdf(x)} vs MathNet {mathNet}");
            }
        }

        // Where MathNet returns 0, the leading term of the series x^a / Gamma(a + 1) is the answer.
        var tiny = 1e-18 * 250;
        var leading = Math.Pow(1e-18, shape) / MathNet.Numerics.SpecialFunctions.Gamma(shape + 1);
        Assert.True(Math.Abs(g.Cdf(tiny) - leading) <= 1e-12 * leading, $"shape {shape}: {g.Cdf(tiny)} vs {leading}");
    }
}
