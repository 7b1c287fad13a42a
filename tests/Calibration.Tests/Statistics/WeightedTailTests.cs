using XenSwitchSim.Calibration.Statistics;

namespace XenSwitchSim.Calibration.Tests.Statistics;

public class WeightedTailTests
{
    [Fact]
    public void Unit_weights_give_the_plain_empirical_estimates()
    {
        var x = new LogNormalBody().Draw(2000, 3);
        var w = Enumerable.Repeat(1.0, x.Length).ToArray();
        var t = new WeightedTail(x, w);
        var d = EmpiricalQuantile.R7(EmpiricalQuantile.SortedCopy(x), 0.99);
        Assert.Equal((double)x.Count(v => v > d) / x.Length, t.MissProbability(d).Estimate, 12);
        var q = t.Quantile(0.01);
        Assert.Equal(20, x.Count(v => v > q.TimeUs));
        Assert.True(q.LowerUs <= q.TimeUs && q.TimeUs <= q.UpperUs);
    }

    /// <summary>
    /// Sampling an exponential tail from a heavier exponential with likelihood-ratio weights recovers P(X &gt; d) at
    /// a level 1/n cannot see, with an interval that covers the truth.
    /// </summary>
    [Fact]
    public void Tilted_exponential_recovers_a_far_tail_probability()
    {
        var rng = new Random(5);
        const int n = 20000;
        double mean = 1000, tilted = 4000, d = 15000; // truth exp(-15) = 3.06e-7
        var x = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = -tilted * Math.Log(1 - rng.NextDouble());
            w[i] = (Math.Exp(-x[i] / mean) / mean) / (Math.Exp(-x[i] / tilted) / tilted);
        }
        var t = new WeightedTail(x, w);
        var m = t.MissProbability(d);
        Assert.True(m.Contains(Math.Exp(-d / mean)), $"{m} vs {Math.Exp(-d / mean)}");
        // the weights average 1 (a 4-standard-error check; the 95% interval itself misses 1 one time in twenty)
        var mw = t.Summary(d, "test").MeanWeight;
        Assert.True(Math.Abs(mw.Estimate - 1) < 4 * (mw.Upper - mw.Lower) / 2 / 1.96, $"{mw}");
        var q = t.Quantile(1e-6);
        Assert.True(q.LowerUs <= mean * Math.Log(1e6) && mean * Math.Log(1e6) <= q.UpperUs, $"{q}");
        // sizing is monotone in the target
        var sized = new[] { 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7 }.Select(p => t.Size(p).Value).ToList();
        for (int i = 1; i < sized.Count; i++) Assert.True(sized[i] >= sized[i - 1], string.Join(", ", sized));
    }
}
