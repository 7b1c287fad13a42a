using XenSwitchSim.Calibration.Fitting;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Platform;

namespace XenSwitchSim.Calibration.Tests.Fitting;

/// <summary>
/// The multi-second mode's groups: each lists its configurations, and the expectation weighs each configuration's kswapd
/// exposure, so the same parameters give 3-in-100-like counts under load with a file disk and none on a partition disk.
/// </summary>
public class RareModeTargetsTests
{
    private static CalibrationData Data() => ShippedModels.Data(ShippedModels.Old, ShippedModels.New);

    [Fact]
    public void The_groups_name_their_configurations_and_operations()
    {
        var data = Data();
        var loaded = data.RareModes.Single(g => g.Group.StartsWith("comparison, dom0 CPU or net load, unpause", StringComparison.Ordinal));
        Assert.Equal(3, loaded.Events);
        Assert.Equal(100, loaded.Operations);
        Assert.All(loaded.Parts, p => Assert.Equal(DomUStorage.File, p.Parameters.DomUStorage));
        Assert.Contains(loaded.Parts, p => p.Parameters.Dom0CpuLoadProcs == 4);
        Assert.Contains(loaded.Parts, p => p.Parameters.Dom0NetLoadMbps == 1000);

        var table5 = data.RareModes.Single(g => g.Group.StartsWith("Table 5", StringComparison.Ordinal));
        Assert.Equal(110, table5.Operations);
        Assert.Single(table5.Parts, p => p.Parameters.DomUStorage == DomUStorage.File); // the domU-storage-file row
    }

    [Fact]
    public void The_expectation_weighs_each_configuration_by_its_exposure()
    {
        var data = Data();
        var p = new PlatformParameters { WritebackWaitProb = 0.5, WritebackWaitMeanUs = 3_000_000, WritebackWaitSdUs = 0 };
        var loaded = data.RareModes.Single(g => g.Group.StartsWith("comparison, dom0 CPU or net load, unpause", StringComparison.Ordinal));
        var table5 = data.RareModes.Single(g => g.Group.StartsWith("Table 5", StringComparison.Ordinal));
        var mid = data.RareModes.Single(g => g.MidBand && g.Env == Env.Old);

        // 4% exposure in every file-disk configuration, none elsewhere.
        var exposures = data.RareModes.SelectMany(g => g.Parts.Select(part => (g.Env, Scenario: PlatformBinding.Scenario(part.Parameters))))
            .Where(k => k.Scenario.DomUFileStorage).Distinct().ToDictionary(k => (k.Env, k.Scenario), _ => 0.04);

        var l = Evaluator.GroupEstimate(p, loaded, (1e-4, 0), exposures);
        Assert.Equal(0.04 * 0.5 + 1e-4, l.Total, 12);
        // Table 5: one row of 11 has the file disk.
        var t = Evaluator.GroupEstimate(p, table5, (0, 0), exposures);
        Assert.Equal(0.04 * 0.5 / 11, t.Reclaim, 12);
        // A 3 s batch never lands in the 0.2-2 s band.
        Assert.Equal(0, Evaluator.GroupEstimate(p, mid, (0, 0), exposures).Reclaim);
        Assert.True(Evaluator.GroupEstimate(p with { WritebackWaitMeanUs = 1_000_000 }, mid, (0, 0), exposures).Reclaim > 0);
    }

    [Fact]
    public void The_writeback_wait_tail_is_its_lognormal()
    {
        var p = new PlatformParameters { WritebackWaitMeanUs = 3_000_000, WritebackWaitSdUs = 500_000 };
        Assert.InRange(Evaluator.WritebackWaitAtLeast(p, 2_000_000), 0.985, 0.995); // sigma 0.165: P(< 2 s) = 0.9%
        Assert.InRange(Evaluator.WritebackWaitAtLeast(p, 3_000_000), 0.45, 0.5);     // the median sits just under the mean
        Assert.Equal(1, Evaluator.WritebackWaitAtLeast(p with { WritebackWaitSdUs = 0 }, 2_000_000));
    }
}
