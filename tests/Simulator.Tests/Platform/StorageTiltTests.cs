using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform;
using XenSwitchSim.Simulator.Platform.Toolstack;

namespace XenSwitchSim.Simulator.Tests.Platform;

/// <summary>
/// The storage tail's importance sampling on its own: one launch of xl = its major faults and their reads. Weighted
/// by the tilt's mixture weight, the tilted launches must estimate the model's probabilities without bias, and the
/// defensive share must bound the weights.
/// </summary>
public class StorageTiltTests
{
    private static readonly PlatformParameters P = new();

    /// <summary>The time one launch of xl spends in major faults, and its likelihood ratio.</summary>
    private static (double Us, double LikelihoodRatio) Launch(StorageTilt? tilt, bool drawTilted, RandomStream rng)
    {
        var st = new StorageStalls(P, rng) { Tilt = tilt, DrawTilted = drawTilted };
        long ns = 0;
        for (int f = st.MajorFaults(); f > 0; f--) ns += st.ReadNs();
        return (ns / 1000.0, st.LikelihoodRatio);
    }

    private static (double Estimate, double Se, double MaxWeight) Estimate(StorageTilt tilt, double thresholdUs, int n, ulong seed)
    {
        var rng = new RandomStream(seed);
        var pick = new RandomStream(seed + 1);
        double sum = 0, sum2 = 0, maxW = 0;
        for (int i = 0; i < n; i++)
        {
            var tilted = pick.NextDouble() >= tilt.Defensive;
            var (us, lr) = Launch(tilt, tilted, rng);
            var w = tilt.Weight(lr);
            maxW = Math.Max(maxW, w);
            var y = us > thresholdUs ? w : 0;
            sum += y;
            sum2 += y * y;
        }

        var mean = sum / n;
        return (mean, Math.Sqrt((sum2 / n - mean * mean) / n), maxW);
    }

    private static double Plain(double thresholdUs, int n, ulong seed)
    {
        var rng = new RandomStream(seed);
        int hits = 0;
        for (int i = 0; i < n; i++)
        {
            if (Launch(null, false, rng).Us > thresholdUs) hits++;
        }

        return hits / (double)n;
    }

    [Theory]
    [InlineData(20_000.0)]   // the body of the fault mode: several reads, no stall
    [InlineData(100_000.0)]  // a stall
    public void Mixture_weights_estimate_the_models_probability_without_bias(double thresholdUs)
    {
        var truth = Plain(thresholdUs, 2_000_000, 5);
        var strong = new StorageTilt(0.5, 0.5, 1.5, 0.2);
        var (est, se, maxW) = Estimate(strong, thresholdUs, 200_000, 6);
        Assert.True(Math.Abs(est - truth) < 4 * se + 4 * Math.Sqrt(truth / 2_000_000), $"IS {est} +- {se} vs plain {truth}");
        Assert.True(maxW <= 1 / 0.2 + 1e-12, $"max weight {maxW}");
    }

    [Fact]
    public void The_defensive_share_tames_the_weights_where_pure_tilting_compounds_them()
    {
        // Reads outside a stall each carry (1 - p_stall)/(1 - 0.5) ~ 2 under the strong tilt: pure importance sampling
        // gives the many-read, no-stall launches weights of 2^k and its estimate of their probability a wide spread.
        var pure = Estimate(new StorageTilt(0.5, 0.5, 1.5, 0), 20_000, 200_000, 6);
        var defensive = Estimate(new StorageTilt(0.5, 0.5, 1.5, 0.2), 20_000, 200_000, 6);
        Assert.True(pure.MaxWeight > 5, $"pure max weight {pure.MaxWeight}");
        Assert.True(defensive.Se < pure.Se, $"defensive se {defensive.Se} vs pure {pure.Se}");
    }

    [Fact]
    public void Without_a_defensive_share_the_weight_is_the_likelihood_ratio()
    {
        var t = new StorageTilt(0.5, 0.5, 0, 0);
        Assert.Equal(0.37, t.Weight(0.37));
        var d = new StorageTilt(0.5, 0.5, 0, 0.25);
        Assert.Equal(1.0, d.Weight(1.0), 12);           // where model and tilt agree, the weight is 1
        Assert.Equal(4.0, d.Weight(1e300), 6);          // never above 1/a
    }
}
