using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Tests.Engine;

public class RandomStreamTests
{
    [Fact]
    public void The_same_seed_replication_and_source_give_the_same_sequence()
    {
        var a = RandomStream.For(7, 3, "xl");
        var b = RandomStream.For(7, 3, "xl");
        for (var i = 0; i < 1000; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Theory]
    [InlineData(7, 3, "xl", 8, 3, "xl")]
    [InlineData(7, 3, "xl", 7, 4, "xl")]
    [InlineData(7, 3, "xl", 7, 3, "xenstored")]
    [InlineData(0, 0, "a", 0, 0, "b")]
    public void Streams_differing_in_any_coordinate_are_uncorrelated(ulong s1, long r1, string n1, ulong s2, long r2, string n2)
    {
        var a = RandomStream.For(s1, r1, n1);
        var b = RandomStream.For(s2, r2, n2);
        const int n = 100_000;
        double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
        var equal = 0;
        for (var i = 0; i < n; i++)
        {
            ulong ua = a.NextUInt64(), ub = b.NextUInt64();
            if (ua == ub) equal++;
            double x = (ua >> 11) * (1.0 / (1UL << 53)), y = (ub >> 11) * (1.0 / (1UL << 53));
            sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
        }
        var r = (n * sxy - sx * sy) / Math.Sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
        Assert.Equal(0, equal);
        Assert.InRange(r, -4.5 / Math.Sqrt(n), 4.5 / Math.Sqrt(n)); // |r| under 4.5 standard errors
    }

    [Fact]
    public void Drawing_from_one_source_does_not_shift_another()
    {
        var first = RandomStream.For(1, 0, "b").NextUInt64();
        var a = RandomStream.For(1, 0, "a");
        for (var i = 0; i < 123; i++) a.NextUInt64();
        Assert.Equal(first, RandomStream.For(1, 0, "b").NextUInt64());
    }

    [Fact]
    public void Uniform_normal_and_exponential_draws_have_their_moments()
    {
        var r = RandomStream.For(99, 0, "moments");
        const int n = 400_000;
        double su = 0, sn = 0, snn = 0, se = 0;
        for (var i = 0; i < n; i++)
        {
            var u = r.NextDouble();
            Assert.InRange(u, 0.0, 0.9999999999999999);
            su += u;
            var z = r.NextStandardNormal();
            sn += z; snn += z * z;
            se += r.NextExponential(3.0);
        }
        // Tolerances are 5 standard errors of each estimator.
        Assert.InRange(su / n, 0.5 - 5 * Math.Sqrt(1.0 / 12 / n), 0.5 + 5 * Math.Sqrt(1.0 / 12 / n));
        Assert.InRange(sn / n, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(snn / n, 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
        Assert.InRange(se / n, 3 - 5 * 3 / Math.Sqrt(n), 3 + 5 * 3 / Math.Sqrt(n));
    }

    [Fact]
    public void Bounded_integers_are_uniform_over_their_range()
    {
        var r = RandomStream.For(5, 0, "ints");
        var counts = new int[7];
        const int n = 70_000;
        for (var i = 0; i < n; i++) counts[r.NextLong(7)]++;
        var chi2 = counts.Sum(c => (c - n / 7.0) * (c - n / 7.0) / (n / 7.0));
        Assert.True(chi2 < 22.46, $"chi-square {chi2} above the 0.001 critical value for 6 df");
    }
}
