using XenSwitchSim.Calibration.Statistics;

namespace XenSwitchSim.Calibration.Tests.Statistics;

public class DeadlineAnalysisTests
{
    private static readonly double[] Probabilities = [0.2, 0.1, 0.05, 1e-2, 3e-3, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-9, 1e-12];

    /// <summary>A smaller target miss probability never gives a shorter deadline: across the empirical/GPD switch too.</summary>
    [Theory]
    [InlineData(1, 3000)]
    [InlineData(2, 800)]
    public void Sizing_is_monotone_in_the_target(int seed, int n)
    {
        var x = new LogNormalBody().Draw(n, seed);
        var a = new TailAnalyzer(x);
        var sized = Probabilities.Select(p => a.Size(p).Value).ToList();
        for (int i = 1; i < sized.Count; i++) Assert.True(sized[i] >= sized[i - 1], $"P={Probabilities[i]}: {sized[i]} < {sized[i - 1]} at P={Probabilities[i - 1]}");
    }

    /// <summary>Same with blocks: the widened upper ends grow as the target shrinks (checked on the blocked analysis).</summary>
    [Fact]
    public void Sizing_with_blocks_is_monotone_in_the_target()
    {
        var x = BlockedSample(blocks: 10, perBlock: 200, spread: 0.1, seed: 4);
        var starts = Starts(10, 200);
        double[] targets = [0.1, 0.05, 1e-2, 3e-3, 1e-3, 1e-5, 1e-9];
        var sized = targets.Select(p => DeadlineAnalysis.Analyze(x, TailQuery.ForMissProbability(p), starts).Report.SizedDeadline!.Value).ToList();
        for (int i = 1; i < sized.Count; i++) Assert.True(sized[i] >= sized[i - 1], $"P={targets[i]}");
    }

    /// <summary>Widening never narrows: every interval of the blocked analysis contains the plain Monte Carlo interval of the same sample.</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(0.3)]
    public void Parameter_uncertainty_never_narrows_an_interval(double spread)
    {
        var x = BlockedSample(blocks: 20, perBlock: 100, spread, seed: 7);
        var starts = Starts(20, 100);
        var q = new TailQuery(17000, 1e-3);
        var plain = new TailAnalyzer(DeadlineAnalysis.Interleave(x, starts)).Report(q);
        var wide = DeadlineAnalysis.Analyze(x, q, starts).Report;
        Assert.Equal(plain.MissProb.Estimate, wide.MissProb.Estimate);
        Assert.True(wide.MissProb.Lower <= plain.MissProb.Lower && wide.MissProb.Upper >= plain.MissProb.Upper);
        Assert.True(wide.SizedDeadline!.Value >= plain.SizedDeadline!.Value);
        for (int i = 0; i < plain.Levels.Count; i++)
        {
            if (double.IsFinite(plain.Levels[i].LowerUs)) Assert.True(wide.Levels[i].LowerUs <= plain.Levels[i].LowerUs);
            if (double.IsFinite(plain.Levels[i].UpperUs)) Assert.True(wide.Levels[i].UpperUs >= plain.Levels[i].UpperUs);
        }
    }

    /// <summary>Blocks that really differ (a 30% scale spread) widen the miss-probability interval well beyond Monte Carlo noise.</summary>
    [Fact]
    public void Real_parameter_spread_widens_the_miss_probability_interval()
    {
        var x = BlockedSample(blocks: 20, perBlock: 200, spread: 0.3, seed: 11);
        var starts = Starts(20, 200);
        var q = TailQuery.ForDeadline(18000);
        var plain = new TailAnalyzer(DeadlineAnalysis.Interleave(x, starts)).Report(q).MissProb;
        var r = DeadlineAnalysis.Analyze(x, q, starts);
        var wide = r.Report.MissProb;
        Assert.True(wide.Upper - wide.Lower > 1.5 * (plain.Upper - plain.Lower), $"{wide} vs {plain}");
        var spread = r.Uncertainty!.Spread.Single(s => s.Figure == "miss_prob");
        Assert.True(spread.ParameterSd > 0);
    }

    [Fact]
    public void Spread_nets_out_monte_carlo_noise()
    {
        // identical block estimates: no parameter sd; estimates that differ by far more than their noise: about their sd
        var same = Enumerable.Repeat((0.1, 0.05, 0.15), 10).ToList();
        Assert.Equal(0, BlockUncertainty.Spread("x", same).ParameterSd);
        var differ = Enumerable.Range(0, 10).Select(i => (0.1 + 0.01 * i, 0.1 + 0.01 * i - 1e-6, 0.1 + 0.01 * i + 1e-6)).ToList();
        var s = BlockUncertainty.Spread("x", differ);
        Assert.Equal(s.BetweenSd, s.ParameterSd, 4);
        var (lo, hi) = BlockUncertainty.Widen(0.5, 0.4, 0.6, 0.1, 2.0, 0, 1);
        Assert.Equal(0.5 - Math.Sqrt(0.01 + 0.04), lo, 12);
        Assert.Equal(0.5 + Math.Sqrt(0.01 + 0.04), hi, 12);
    }

    [Fact]
    public void Expected_misses_scale_the_miss_probability_by_the_failure_rate()
    {
        var e = ExpectedMisses.From(0.5, new MethodEstimate(1e-4, 5e-5, 2e-4, TailMethod.EmpiricalClopperPearson));
        Assert.Equal(5e-5, e.PerHour.Estimate, 15);
        Assert.Equal(0.5 * 8766 * 2e-4, e.PerYear.Upper, 12);
    }

    /// <summary>Blocks of a lognormal body whose scale is drawn per block (lognormal, sd of log = spread).</summary>
    private static double[] BlockedSample(int blocks, int perBlock, double spread, int seed)
    {
        var rng = new Random(seed);
        var x = new List<double>();
        for (int b = 0; b < blocks; b++)
        {
            double scale = Math.Exp(spread * MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1));
            x.AddRange(new LogNormalBody().Draw(perBlock, seed * 100 + b).Select(v => v * scale));
        }
        return x.ToArray();
    }

    private static int[] Starts(int blocks, int perBlock) => Enumerable.Range(0, blocks + 1).Select(b => b * perBlock).ToArray();
}
