using XenSwitchSim.Models.Tests.Support;

namespace XenSwitchSim.Models.Tests.Distributions;

public class MomentTests
{
    private const int Draws = 200_000;

    // Five standard errors: a correct sampler fails with probability ~6e-7 per check, while a
    // wrong scale, shape or weight moves the mean by far more than 5 SE at n = 200k.
    private const double StandardErrors = 5;

    [Theory]
    [MemberData(nameof(Families.AllNames), MemberType = typeof(Families))]
    public void Mean_of_200k_draws_is_within_5_standard_errors_of_Mean(string name)
    {
        var d = Families.Get(name);
        var xs = Draw(d, seed: 20210301);

        var mean = xs.Average();
        var standardError = Math.Sqrt(d.Variance / Draws);
        Assert.InRange(mean, d.Mean - (StandardErrors * standardError), d.Mean + (StandardErrors * standardError));
    }

    [Theory]
    [MemberData(nameof(Families.AllNames), MemberType = typeof(Families))]
    public void Variance_of_200k_draws_is_within_5_standard_errors_of_Variance(string name)
    {
        var d = Families.Get(name);
        var xs = Draw(d, seed: 4067);

        var mean = xs.Average();
        var m2 = xs.Sum(x => (x - mean) * (x - mean)) / Draws;
        var m4 = xs.Sum(x => Math.Pow(x - mean, 4)) / Draws;
        var sampleVariance = m2 * Draws / (Draws - 1);

        // CLT for the sample variance: SE = sqrt((mu4 - sigma^4) / n), mu4 estimated from the draws.
        var standardError = Math.Sqrt(Math.Max(0, m4 - (m2 * m2)) / Draws);
        Assert.InRange(
            sampleVariance,
            d.Variance - (StandardErrors * standardError),
            d.Variance + (StandardErrors * standardError));
    }

    [Theory]
    [MemberData(nameof(Families.AllNames), MemberType = typeof(Families))]
    public void Sample_allocates_nothing(string name)
    {
        var d = Families.Get(name);
        var random = new TestRandom(7);
        var sink = 0.0;
        for (var i = 0; i < 1000; i++)
        {
            sink += d.Sample(random);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            sink += d.Sample(random);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sink > 0);
        Assert.Equal(0, allocated);
    }

    private static double[] Draw(XenSwitchSim.Models.Distributions.Distribution d, ulong seed)
    {
        var random = new TestRandom(seed);
        var xs = new double[Draws];
        for (var i = 0; i < xs.Length; i++)
        {
            xs[i] = d.Sample(random);
        }

        return xs;
    }
}
