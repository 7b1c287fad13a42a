using XenSwitchSim.Calibration.Fitting;

namespace XenSwitchSim.Calibration.Tests.Fitting;

/// <summary>The reclaim stage: its own coordinates, and a golden section that reaches a minimum on a bound.</summary>
public class ReclaimStageTests
{
    private static ParameterSpace Space() => ShippedModels.Space(
    [
        ("xl_exec_cpu_us", Scope.Old, ""),
        ("kswapd_wakes_per_s", Scope.Shared, ""),
        ("kswapd_cpu_us", Scope.Shared, ""),
        ("writeback_wait_prob", Scope.Old, ""),
        ("writeback_wait_prob", Scope.New, ""),
        ("writeback_wait_mean_us", Scope.Shared, ""),
    ]);

    [Fact]
    public void Golden_section_finds_an_interior_minimum_and_one_on_a_bound()
    {
        var (x, v) = ReclaimStage.GoldenSection(x => (x - 0.3) * (x - 0.3), -2, 2, 30);
        Assert.InRange(x, 0.28, 0.32);
        Assert.True(v < 1e-3);
        var (atFloor, _) = ReclaimStage.GoldenSection(x => x, -5, 1, 20);
        Assert.Equal(-5, atFloor);
    }

    [Fact]
    public void It_moves_only_the_reclaim_mechanism_and_sets_each_environments_probability()
    {
        // A stand-in objective: the old environment wants writeback_wait_prob 0.5, the new one its floor, and
        // xl_exec_cpu_us (not the stage's) would like to move too but must not.
        var space = Space();
        Assert.Equal([1, 2, 3, 4, 5], ReclaimStage.Indices(space));
        var start = space.PriorPoint();
        double Objective(double[] x) =>
            Math.Pow(x[3] - Math.Log(0.5), 2) + 3 * x[4] + Math.Pow(x[0] - 10, 2) + 0.01 * Math.Pow(x[2] - Math.Log(30_000), 2);
        var found = ReclaimStage.Refit(space, new Optimiser.Point(start, Objective(start)), Objective, 90);
        Assert.Equal(start[0], found.X[0]);
        Assert.InRange(Math.Exp(found.X[3]), 0.4, 0.6);
        Assert.Equal(space.Free[4].LogLower, found.X[4], 6);
        Assert.True(found.Value < Objective(start));
    }
}
