using System.Diagnostics;
using System.Text.Json;
using MathNet.Numerics.Random;
using XenSwitchSim.Calibration.Statistics;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Statistics;

public class SummaryStatsTests
{
    [Fact]
    public void Small_sample_matches_hand_computed_values()
    {
        var s = SummaryStats.Compute(new double[] { 5, 3, 1, 4, 2 });
        Assert.Equal(5, s.N);
        Assert.Equal(3.0, s.MeanUs, 12);
        Assert.Equal(2.5, s.SampleVarianceUs2, 12); // n-1 denominator; the population variance would be 2.0
        Assert.Equal(Math.Sqrt(2.5), s.SdUs, 12);
        Assert.Equal(1.0, s.MinUs);
        Assert.Equal(5.0, s.MaxUs);
        Assert.Equal(3.0, s.P50Us, 12);
        Assert.Equal(4.6, s.P90Us, 12);   // h = 4*0.9 = 3.6 -> x[3] + 0.6*(x[4]-x[3])
        Assert.Equal(4.96, s.P99Us, 12);
        Assert.Equal(4.996, s.P999Us, 12);
        double half = 2.7764451051977987 * Math.Sqrt(2.5) / Math.Sqrt(5); // t(0.975, 4)
        Assert.Equal(3 - half, s.MeanCi95Us.Lower, 9);
        Assert.Equal(3 + half, s.MeanCi95Us.Upper, 9);
    }

    [Fact]
    public void Variance_is_stable_for_large_offsets()
    {
        // Values around 1e9 us with unit spread: a naive sum-of-squares formula loses every digit here.
        var x = new double[1001];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 1e9 + (i % 2 == 0 ? 1 : -1);
        }

        var s = SummaryStats.Compute(x);
        Assert.Equal(1.0, s.SampleVarianceUs2, 2);
    }

    [Fact]
    public void Single_sample_has_undefined_spread_written_as_null()
    {
        var s = SummaryStats.Compute(new double[] { 42 });
        Assert.True(double.IsNaN(s.SampleVarianceUs2));
        string json = StatisticsJson.Serialize(s);
        Assert.Contains("\"variance_us2\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"mean_ci95_us\":[null,null]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_has_the_contract_names_in_order()
    {
        var s = SummaryStats.Compute(new double[] { 1, 2, 3, 4 });
        using var doc = JsonDocument.Parse(StatisticsJson.Serialize(s));
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(
            new[] { "n", "mean_us", "variance_us2", "sd_us", "min_us", "max_us", "p50_us", "p90_us", "p99_us", "p999_us", "mean_ci95_us" },
            names);
        Assert.Equal(2, doc.RootElement.GetProperty("mean_ci95_us").GetArrayLength());
    }

    [Fact]
    public void A_million_samples_are_summarised_in_one_sort()
    {
        var rng = new Xoshiro256StarStar(7);
        var x = new double[1_000_000];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 15000 + 1000 * rng.NextDouble();
        }

        var sw = Stopwatch.StartNew();
        var s = SummaryStats.Compute(x);
        sw.Stop();
        Assert.Equal(15500, s.MeanUs, 0);
        Assert.InRange(s.P99Us, 15985, 15995);
        // About 0.2 s alone; the bound only catches an accidental quadratic step (tests run in parallel on 2 cores).
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
    }
}
