using XenSwitchSim.Calibration.Reference;

namespace XenSwitchSim.Calibration.Tests.Reference;

public class OperationSummaryTests
{
    private static readonly ReferenceMeasurements Data = ReferenceMeasurements.Load(ReferenceFile.Path);

    [Fact]
    public void Sample_variance_and_standard_error_follow_from_the_population_variance()
    {
        var pause = Data.OldRow("baseline").Pause;
        Assert.Equal(328259.0 * 5 / 4, pause.SampleVarianceUs2, 9);
        Assert.Equal(Math.Sqrt(328259.0 / 4), pause.StandardErrorOfMeanUs, 9);
    }

    [Fact]
    public void Minimum_population_variance_is_min_max_and_three_equal_runs()
    {
        // Brute force over integer middle runs: no split of the fixed sum beats equal thirds.
        var pause = Data.OldRow("baseline").Pause;
        var middleSum = (5 * pause.MeanUs) - pause.MinUs - pause.MaxUs;
        var best = double.MaxValue;
        for (var x = pause.MinUs; x <= pause.MaxUs; x += 7)
        {
            for (var y = x; y <= pause.MaxUs; y += 7)
            {
                var z = middleSum - x - y;
                if (z < y || z > pause.MaxUs)
                {
                    continue;
                }

                double[] runs = [pause.MinUs, x, y, z, pause.MaxUs];
                best = Math.Min(best, runs.Sum(r => (r - pause.MeanUs) * (r - pause.MeanUs)) / 5);
            }
        }

        Assert.True(pause.MinimumPopulationVarianceUs2 <= best);
        Assert.True(best - pause.MinimumPopulationVarianceUs2 < 0.01 * pause.MinimumPopulationVarianceUs2);
    }

    [Fact]
    public void Baseline_pause_variance_is_at_least_the_minimum_possible_population_variance()
    {
        var pause = Data.OldRow("baseline").Pause;
        Assert.True(pause.VariancePopUs2 >= pause.MinimumPopulationVarianceUs2,
            $"{pause.VariancePopUs2} < {pause.MinimumPopulationVarianceUs2}");
    }

    [Fact]
    public void Reading_13_of_the_22_old_totals_as_sample_variances_is_impossible()
    {
        var totals = Data.OldRows.SelectMany(r => new[] { r.Pause, r.Unpause }).ToList();
        Assert.Equal(22, totals.Count);
        Assert.Equal(13, totals.Count(t => t.SampleVarianceReadingIsImpossible));
        Assert.All(totals, t => Assert.True(t.VariancePopUs2 >= t.MinimumPopulationVarianceUs2));
    }

    [Fact]
    public void Dom0_net_load_pause_is_one_142_ms_outlier_and_four_similar_runs()
    {
        var pause = Data.OldRow("dom0-net-load").Pause;
        Assert.True(pause.IsReconstructable());
        var runs = pause.ReconstructedRunsUs;
        Assert.Equal(5, runs.Count);
        Assert.Equal(142.0, Math.Round(runs.Max() / 1000, 1));
        Assert.Equal(41.4, Math.Round(runs.Min() / 1000, 1));
        Assert.All(runs.Skip(1).Take(3), r => Assert.Equal(44.2, Math.Round(r / 1000, 1)));
        Assert.Equal(pause.MeanUs, runs.Average(), 9);
        Assert.Equal(pause.MinimumPopulationVarianceUs2, runs.Sum(r => (r - pause.MeanUs) * (r - pause.MeanUs)) / 5, 3);
    }

    [Theory]
    [InlineData("dom0-net-load", Operation.Pause, 41.4, 44.2, 142.0)]
    [InlineData("xl-sched-fifo", Operation.Pause, 15.4, 16.8, 66.5)]
    [InlineData("null-scheduler", Operation.Pause, 18.8, 20.6, 46.4)]
    [InlineData("domU-cpu-load", Operation.Unpause, 16.2, 16.8, 43.3)]
    [InlineData("dom0-net-load", Operation.Unpause, 34.5, 37.7, 40.1)]
    public void The_rows_data_insights_reconstructs_are_flagged_and_match_its_table(string id, Operation op, double minMs, double middleMs, double maxMs)
    {
        var s = Data.OldRow(id).Summary(op);
        Assert.True(s.IsReconstructable(), $"{id} {op}: {s.ExcessOverMinimumVariance:P2} above the minimum");
        Assert.Equal([minMs, middleMs, middleMs, middleMs, maxMs], s.ReconstructedRunsUs.Select(r => Math.Round(r / 1000, 1)));
    }

    [Theory]
    [InlineData("baseline", Operation.Pause)]
    [InlineData("dom0-cpu-load", Operation.Unpause)]
    [InlineData("domU-storage-file", Operation.Pause)]
    public void Rows_far_above_the_minimum_variance_are_not_reconstructed(string id, Operation op)
    {
        var s = Data.OldRow(id).Summary(op);
        Assert.False(s.IsReconstructable(), $"{id} {op}: {s.ExcessOverMinimumVariance:P2} above the minimum");
    }
}
