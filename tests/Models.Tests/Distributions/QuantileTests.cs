using FsCheck;
using MathNet.Numerics;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenSwitchSim.Models.Distributions;

namespace XenSwitchSim.Models.Tests.Distributions;

public class QuantileTests
{
    [Fact]
    public void Quantiles_match_closed_forms()
    {
        // Each of these reaches the answer by a different route from the formula checked.
        Assert.Equal(250 * Math.Log(2), new ExponentialDistribution(250).Quantile(0.5), 12);
        Assert.Equal(2000, new WeibullDistribution(1.5, 2000).Quantile(1 - Math.Exp(-1)), 9);
        Assert.Equal(Math.Exp(9.6), new LogNormalDistribution(9.6, 0.5).Quantile(0.5), 8);
        Assert.Equal(1000, new UniformDistribution(0, 4000).Quantile(0.25), 12);

        // Gamma with shape 1 is the exponential: the polished MathNet inverse must agree, also
        // deep in the lower tail where MathNet alone is inaccurate.
        var gamma1 = new GammaDistribution(1, 300);
        foreach (var p in new[] { 1e-12, 1e-6, 0.01, 0.5, 0.99, 1 - 1e-9 })
        {
            var exact = -300 * SpecialFunctions.Log1p(-p);
            Assert.True(Math.Abs(gamma1.Quantile(p) - exact) <= 1e-10 * exact, $"p={p}: {gamma1.Quantile(p)} vs {exact}");
        }
    }

    [Fact]
    public void Mixture_quantile_by_bisection_finds_the_generalised_inverse()
    {
        var twoHumps = new MixtureDistribution(
        [
            new MixtureComponent(1, new UniformDistribution(0, 1000)),
            new MixtureComponent(1, new UniformDistribution(2000, 3000)),
        ]);

        Assert.Equal(500, twoHumps.Quantile(0.25), 9);
        Assert.Equal(2500, twoHumps.Quantile(0.75), 9);
        Assert.Equal(1000, twoHumps.Quantile(0.5), 9); // smallest x with F(x) >= 0.5, not the gap's middle
    }

    [Theory]
    [MemberData(nameof(Families.ContinuousNames), MemberType = typeof(Families))]
    public void Quantile_of_Cdf_returns_x(string name)
    {
        var d = Families.All[name];
        var checkedPoints = 0;
        var points = new[] { -4, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 4 }.Select(k => d.Mean + (k * d.StandardDeviation))
            .Concat(new[] { 0.01, 0.1, 0.5, 2, 5 }.Select(f => d.Mean * f))
            .Where(x => x > 0);
        foreach (var x in points)
        {
            var p = d.Cdf(x);

            // Inside [1e-6, 1 - 1e-6] rounding p costs |dx/x| = |dp| / (x f(x)) < 1e-10 for these
            // families; 1e-9 leaves room for the solvers, not for a wrong inverse.
            if (p < 1e-6 || p > 1 - 1e-6)
            {
                continue;
            }

            checkedPoints++;
            var back = d.Quantile(p);
            Assert.True(Math.Abs(back - x) <= 1e-9 * x, $"{name}: Quantile(Cdf({x})) = {back}");
        }

        Assert.True(checkedPoints >= 6, $"{name}: only {checkedPoints} points inside the tails");
    }

    [Theory]
    [MemberData(nameof(Families.AllNames), MemberType = typeof(Families))]
    public void Cdf_is_a_monotone_map_onto_0_1(string name)
    {
        var d = Families.Get(name);
        var top = d.Quantile(0.9999) * 1.5;
        var previous = d.Cdf(-1);
        Assert.Equal(0, previous);
        for (var i = 0; i <= 5000; i++)
        {
            var p = d.Cdf(top * i / 5000);
            Assert.InRange(p, previous, 1);
            previous = p;
        }

        Assert.True(previous > 0.9999, $"{name}: Cdf({top}) = {previous}");
    }

    private static readonly Gen<double> Probabilities = Gen.OneOf(
        Gen.Choose(1, 999_999).Select(i => i / 1e6),
        Gen.Choose(1, 12).Select(k => Math.Pow(10, -k)),
        Gen.Choose(1, 12).Select(k => 1 - Math.Pow(10, -k)));

    [Property(MaxTest = 3000)]
    public Property Cdf_of_Quantile_is_p_for_continuous_families() =>
        Prop.ForAll(
            (from name in Gen.Elements(Families.All.Keys.ToArray())
             from p in Probabilities
             select (name, p)).ToArbitrary(),
            t =>
            {
                var back = Families.All[t.name].Cdf(Families.All[t.name].Quantile(t.p));

                // Relative to the smaller tail, so 1e-12 must come back as 1e-12, not as 0; plus
                // four ulps of 1.0, the resolution of p itself near 1.
                var tolerance = (1e-9 * Math.Min(t.p, 1 - t.p)) + (4 * Math.BitIncrement(1.0) - 4);
                return (Math.Abs(back - t.p) <= tolerance).Label($"{t.name}: Cdf(Quantile({t.p})) = {back}");
            });

    [Property(MaxTest = 1000)]
    public Property Quantile_is_the_smallest_x_with_Cdf_at_least_p_for_families_with_atoms() =>
        Prop.ForAll(
            (from name in Gen.Elements(Families.Discrete.Keys.ToArray())
             from p in Probabilities
             select (name, p)).ToArbitrary(),
            t =>
            {
                var d = Families.Discrete[t.name];
                var q = d.Quantile(t.p);
                return (d.Cdf(q) >= t.p && d.Cdf(Math.BitDecrement(q)) < t.p)
                    .Label($"{t.name}: Quantile({t.p}) = {q}, Cdf = {d.Cdf(q)}, just below = {d.Cdf(Math.BitDecrement(q))}");
            });
}
