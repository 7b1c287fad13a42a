using XenSwitchSim.Calibration.Fitting;

namespace XenSwitchSim.Calibration.Tests.Fitting;

/// <summary>The card-stall stage searches along the share of time stalled and the stall length, not rate and length.</summary>
public class CardStallStageTests
{
    private static ParameterSpace Space() => ShippedModels.Space(
    [
        ("xl_major_fault_prob", Scope.Shared, ""),
        ("sd_stall_rate_per_s", Scope.Old, ""),
        ("sd_stall_rate_per_s", Scope.New, ""),
        ("sd_stall_mean_us", Scope.Shared, ""),
    ]);

    [Fact]
    public void It_finds_a_longer_stall_at_the_same_share_of_time_stalled()
    {
        // A stand-in objective shaped like the calibration's: the means pin rate x length (the share stalled)
        // tightly, the rare counts want stalls of about 8 s. From 0.7 s, any move of one coordinate alone
        // changes the share and costs more than it gains.
        var space = Space();
        var start = space.PriorPoint();
        start[1] = Math.Log(0.0025);
        start[2] = Math.Log(0.004);
        start[3] = Math.Log(0.7e6);
        var shareOld = start[1] + start[3];
        var shareNew = start[2] + start[3];
        double Objective(double[] x) =>
            1e4 * (Math.Pow(x[1] + x[3] - shareOld, 2) + Math.Pow(x[2] + x[3] - shareNew, 2)) + 5 * Math.Pow(x[3] - Math.Log(8e6), 2);
        var best = new Optimiser.Point(start, Objective(start));

        var found = CardStallStage.Refit(space, best, Objective, 120);

        Assert.True(found.Value < best.Value / 10, $"objective {found.Value} from {best.Value}");
        Assert.InRange(Math.Exp(found.X[3]), 5e6, 1e7);
        Assert.InRange(found.X[1] + found.X[3] - shareOld, -0.05, 0.05);
        Assert.Equal(start[0], found.X[0]); // the other parameters are left alone
    }

    [Fact]
    public void It_never_returns_a_worse_point()
    {
        var space = Space();
        var start = space.PriorPoint();
        double Objective(double[] x) => x.Select((v, i) => Math.Pow(v - start[i], 2)).Sum();
        var best = new Optimiser.Point(start, 0);
        Assert.Same(best, CardStallStage.Refit(space, best, Objective, 30));
    }
}
