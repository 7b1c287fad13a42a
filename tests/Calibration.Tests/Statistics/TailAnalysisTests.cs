using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenSwitchSim.Calibration.Statistics;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Statistics;

public class TailAnalysisTests
{
    private static readonly Lazy<TailAnalyzer> LogNormal5000 = new(() => new TailAnalyzer(new LogNormalBody().Draw(5000, 99)));

    public static TheoryData<string, int, double> FarQuantileCases => new()
    {
        // population, seed, stated factor above the truth
        { "gpd", 1, 1.25 }, { "gpd", 2, 1.25 }, { "gpd", 3, 1.25 },
        { "lognormal", 1, 1.25 }, { "lognormal", 2, 1.25 }, { "lognormal", 3, 1.25 },
        { "far-mode", 1, 1.5 }, { "far-mode", 2, 1.5 }, { "far-mode", 3, 1.5 },
    };

    /// <summary>
    /// The 1e-6 level from n = 20000 against the analytic truth. Stated factors:
    /// GPD tail - the model is exact; the log-estimate's sd is about 0.07 (xi from 4000 excesses), so ×/÷1.25 is ~3 sd.
    /// Lognormal - Gumbel domain; at practical thresholds the free shape is slightly negative and would be 10-17% low;
    /// with the default floor xi >= 0 the estimate must be no more than 5% low and at most 1.25× high.
    /// Far mode (99.5% around 15 ms + 0.5% around 60 ms) - the level lies in the far mode, modelled from its ~60-90
    /// values; exponential extrapolation of its bounded-looking tail overshoots by 15-30%, so the stated factor is 1.5.
    /// In every case the upper confidence bound, which is what sizing uses, must not be below the truth.
    /// </summary>
    [Theory]
    [MemberData(nameof(FarQuantileCases))]
    public void Far_quantile_is_within_a_stated_factor_of_the_truth(string population, int seed, double factorAbove)
    {
        Population pop = population switch
        {
            "gpd" => new GpdTail(),
            "lognormal" => new LogNormalBody(),
            _ => new RareFarMode(),
        };
        double truth = pop.Quantile(1e-6);
        var level = new TailAnalyzer(pop.Draw(20000, seed)).Quantile(1e-6);
        Assert.Equal(TailMethod.GpdPotProfile, level.Method);
        double lowFactor = population == "gpd" ? 1.25 : 1.05;
        Assert.InRange(level.TimeUs / truth, 1 / lowFactor, factorAbove);
        Assert.True(level.UpperUs >= truth, $"upper {level.UpperUs} below truth {truth}");
        Assert.True(level.LowerUs <= level.TimeUs && level.TimeUs <= level.UpperUs);
        if (population == "gpd")
        {
            Assert.True(level.LowerUs <= truth, $"lower {level.LowerUs} above truth {truth}");
        }
    }

    [Fact]
    public void Methods_switch_at_the_documented_points()
    {
        var a = LogNormal5000.Value; // n = 5000: 1/(100 n) = 2e-6
        var sorted = new LogNormalBody().Draw(5000, 99);
        Array.Sort(sorted);

        // >= 10 values beyond the deadline: empirical, exactly k/n with the Clopper-Pearson interval.
        double d10 = sorted[^11]; // 10 values above it
        var m10 = a.MissProbability(d10);
        Assert.Equal(TailMethod.EmpiricalClopperPearson, m10.Method);
        Assert.Equal(10.0 / 5000, m10.Estimate);
        Assert.Equal(BinomialInterval.ClopperPearson(10, 5000).Upper, m10.Upper, 15);

        // 9 beyond: the GPD tail model.
        var m9 = a.MissProbability(sorted[^10]);
        Assert.Equal(TailMethod.GpdPotProfile, m9.Method);
        Assert.InRange(m9.Estimate, 0.5 * 9 / 5000, 2.0 * 9 / 5000);

        // Far beyond 1/n: flagged.
        Assert.Equal(TailMethod.Extrapolated, a.MissProbability(sorted[^1] * 1.6).Method);

        // Level table: 1e-3 (n·p = 5, fewer than 10 beyond its upper bound) -> GPD; 1e-6 < 2e-6 -> extrapolated.
        Assert.Equal(TailMethod.GpdPotProfile, a.Quantile(1e-3).Method);
        Assert.Equal(TailMethod.EmpiricalClopperPearson, a.Quantile(1e-2).Method);
        Assert.Equal(TailMethod.Extrapolated, a.Quantile(1e-6).Method);
        Assert.Equal(TailMethod.Extrapolated, a.Quantile(1e-12).Method);
    }

    [Fact]
    public void Empirical_quantile_interval_inverts_clopper_pearson()
    {
        var sorted = new LogNormalBody().Draw(5000, 99);
        Array.Sort(sorted);
        const double p = 1e-2;
        var e = EmpiricalTail.Quantile(sorted, p);
        int beyond = EmpiricalQuantile.CountAbove(sorted, e.Upper);
        Assert.Equal(e.BeyondUpper, beyond);
        // The upper end is the smallest deadline whose Clopper-Pearson upper bound is <= p ...
        Assert.True(BinomialInterval.ClopperPearson(beyond, sorted.Length).Upper <= p);
        // ... one order statistic lower, the bound exceeds p.
        double next = sorted[sorted.Length - 2 - beyond];
        Assert.True(BinomialInterval.ClopperPearson(EmpiricalQuantile.CountAbove(sorted, next), sorted.Length).Upper > p);
        Assert.True(e.Lower <= e.Estimate && e.Estimate <= e.Upper);
    }

    [Fact]
    public void Sized_deadline_has_its_miss_probability_bound_at_the_target()
    {
        var a = LogNormal5000.Value;
        foreach (double target in new[] { 1e-2, 1e-4, 1e-7 })
        {
            var s = a.Size(target);
            Assert.Equal(s.Upper, s.Value);
            Assert.True(s.Lower <= s.Estimate && s.Estimate <= s.Value);
            var atValue = a.MissProbability(s.Value);
            // Empirical: the bound is <= P by construction. GPD: by the duality of the profile region it equals P.
            Assert.True(atValue.Upper <= target * 1.01, $"P = {target}: upper {atValue.Upper} at the sized deadline");
            if (s.Method != TailMethod.EmpiricalClopperPearson)
            {
                Assert.Equal(target, atValue.Upper, target * 0.01);
            }
        }
    }

    /// <summary>A smaller target miss probability never yields a shorter deadline (up to root-finding accuracy).</summary>
    [Property(MaxTest = 40)]
    public Property Sizing_is_monotone_in_the_target() =>
        Prop.ForAll(
            Gen.Choose(150, 1000).Two().ToArbitrary(),
            pair =>
            {
                double p1 = Math.Pow(10, -pair.Item1 / 100.0), p2 = Math.Pow(10, -pair.Item2 / 100.0);
                double small = Math.Min(p1, p2), large = Math.Max(p1, p2);
                var a = LogNormal5000.Value;
                return a.Size(small).Value >= a.Size(large).Value * (1 - 1e-6);
            });

    [Fact]
    public void Report_serialises_to_the_contract_shape()
    {
        var report = LogNormal5000.Value.Report(new TailQuery(null, 1e-5)) with { Metric = "switch", View = "true" };
        using var doc = JsonDocument.Parse(StatisticsJson.Serialize(report));
        var root = doc.RootElement;
        Assert.Equal(
            new[] { "metric", "view", "n", "deadline_us", "miss_prob", "sized_deadline_us", "levels", "diagnostics" },
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(5000, root.GetProperty("n").GetInt32());
        Assert.Equal(root.GetProperty("sized_deadline_us").GetProperty("value").GetDouble(), root.GetProperty("deadline_us").GetDouble());
        foreach (string k in new[] { "estimate", "lower", "upper", "method" })
        {
            Assert.True(root.GetProperty("miss_prob").TryGetProperty(k, out _), k);
        }

        foreach (string k in new[] { "value", "lower", "upper", "method" })
        {
            Assert.True(root.GetProperty("sized_deadline_us").TryGetProperty(k, out _), k);
        }

        var levels = root.GetProperty("levels").EnumerateArray().ToArray();
        Assert.Equal(new[] { 1e-3, 1e-6, 1e-9, 1e-12 }, levels.Select(l => l.GetProperty("exceedance").GetDouble()).ToArray());
        Assert.Equal("extrapolated", levels[3].GetProperty("method").GetString());
        foreach (var l in levels)
        {
            foreach (string k in new[] { "time_us", "lower_us", "upper_us", "method" })
            {
                Assert.True(l.TryGetProperty(k, out _), k);
            }
        }

        var diag = root.GetProperty("diagnostics");
        foreach (string section in new[] { "independence", "identical_distribution" })
        {
            Assert.Equal(new[] { "test", "p", "pass" }, diag.GetProperty(section).EnumerateObject().Select(p => p.Name).ToArray());
        }

        foreach (string k in new[] { "test", "p", "pass", "threshold_us", "xi", "sigma_us", "n_exceed" })
        {
            Assert.True(diag.GetProperty("tail_fit").TryGetProperty(k, out _), k);
        }

        foreach (string k in new[] { "test", "pass", "note" })
        {
            Assert.True(diag.GetProperty("tail_modes").TryGetProperty(k, out _), k);
        }

        // The `tail` command: no metric/view, no sizing when only a deadline is given.
        var tail = StatisticsJson.Serialize(LogNormal5000.Value.Report(TailQuery.ForDeadline(30000)));
        Assert.DoesNotContain("\"metric\"", tail, StringComparison.Ordinal);
        Assert.DoesNotContain("sized_deadline_us", tail, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnostics_pass_for_iid_data_and_flag_dependence_drift_and_a_second_mode()
    {
        var iid = LogNormal5000.Value.Report(TailQuery.ForDeadline(30000)).Diagnostics;
        Assert.True(iid.Independence.Pass, $"p = {iid.Independence.P}");
        Assert.True(iid.IdenticalDistribution.Pass, $"p = {iid.IdenticalDistribution.P}");
        Assert.True(iid.TailFit.Pass, iid.TailFit.Note);
        Assert.True(iid.TailModes.Pass, iid.TailModes.Note);

        // AR(1) in the log with phi = 0.5: successive switches correlated.
        var rng = new MathNet.Numerics.Random.Xoshiro256StarStar(3);
        var ar = new double[2000];
        double state = 0;
        for (int i = 0; i < ar.Length; i++)
        {
            state = 0.5 * state + MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 0.2);
            ar[i] = 15000 * Math.Exp(state);
        }

        Assert.False(new TailAnalyzer(ar).Independence().Pass);

        // Drift: the second half is 10% slower.
        var drift = new LogNormalBody().Draw(2000, 4).Select((v, i) => i < 1000 ? v : v * 1.1).ToArray();
        Assert.False(new TailAnalyzer(drift).IdenticalDistribution().Pass);

        // About 10 far values on a 15 ms body: a second mode the tail model cannot describe.
        var modes = new TailAnalyzer(new RareFarMode().Draw(2000, 1)).TailModes();
        Assert.False(modes.Pass);
        Assert.Contains("second mode", modes.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_samples_fall_back_to_distribution_free_answers()
    {
        var a = new TailAnalyzer(new LogNormalBody().Draw(100, 5));
        Assert.Null(a.Threshold);
        var level = a.Quantile(1e-6);
        Assert.Equal(TailMethod.EmpiricalClopperPearson, level.Method);
        Assert.True(double.IsPositiveInfinity(level.UpperUs)); // 100 runs cannot bound a 1e-6 level
        Assert.True(double.IsNaN(level.TimeUs));
        var report = a.Report(new TailQuery(20000, null));
        Assert.Equal(TailMethod.EmpiricalClopperPearson, report.MissProb.Method);
        Assert.False(report.Diagnostics.TailFit.Pass);
        string json = StatisticsJson.Serialize(report);
        Assert.Contains("\"upper_us\":null", json, StringComparison.Ordinal);
    }
}
