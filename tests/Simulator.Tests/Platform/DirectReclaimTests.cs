using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Measurement;
using XenSwitchSim.Simulator.Platform;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Tests.Platform;

/// <summary>
/// Direct reclaim behind a file-backed domU disk: kswapd exists only with one, dom0 load widens the window in which it
/// is behind, and a reclaim that waits for writeback waits a whole batch, at the rate the exposure predicts.
/// </summary>
public class DirectReclaimTests
{
    /// <summary>No card stalls or page-cache misses, so every long operation is a reclaim wait; a heavy kswapd.</summary>
    private static readonly PlatformParameters P = new()
    {
        XlMajorFaultProb = 0,
        SdStallRatePerS = 0,
        KswapdWakesPerS = 2,
        KswapdCpuUs = 20_000,
        WritebackWaitProb = 1,
        WritebackWaitMeanUs = 3_000_000,
        WritebackWaitSdUs = 0,
    };

    /// <summary>The study's comparison configuration: 1 vCPU, file-backed disk, null, one dom0 vCPU.</summary>
    private static readonly PlatformScenario Comparison = new()
    {
        DomUVcpus = 1, DomUFileStorage = true, Scheduler = SchedulerKind.Null, Dom0Vcpus = 1,
    };

    private static OperationTimes[] Runs(PlatformParameters p, PlatformScenario s, int n) =>
        ReplicationRunner.Run(n, r => SwitchExperiment.Run(p, s, 11, r, new SwitchExperiment.Options { Switch = false }));

    private static IEnumerable<double> Operations(OperationTimes[] runs) =>
        runs.SelectMany(t => new[] { t.PauseObservedUs, t.UnpauseObservedUs }).Where(double.IsFinite);

    [Fact]
    public void A_partition_disk_has_no_kswapd_pressure_and_no_reclaim_wait()
    {
        var s = Comparison with { DomUFileStorage = false, Dom0CpuLoadProcs = 4 };
        Assert.Null(new Board(P, s, 1, 0, withStandby: false, "reclaim").Kswapd);
        Assert.NotNull(new Board(P, s with { DomUFileStorage = true }, 1, 0, withStandby: false, "reclaim").Kswapd);
        Assert.All(Operations(Runs(P, s, 300)), us => Assert.True(us < 200_000, $"{us:F0} us"));
        Assert.Equal(0, ReclaimExposureExperiment.Run(P, s, 1, 0));
    }

    [Fact]
    public void A_writeback_wait_is_a_whole_batch_not_a_residual()
    {
        var ops = Operations(Runs(P, Comparison with { Dom0CpuLoadProcs = 4 }, 600)).ToList();
        var waited = ops.Where(us => us >= 200_000).ToList();
        Assert.True(waited.Count >= 5, $"only {waited.Count} reclaim waits in {ops.Count} operations");
        // Each waited operation holds the whole 3 s batch (plus the rest of the operation, tens of ms).
        Assert.All(waited, us => Assert.InRange(us, 3_000_000, 3_300_000));
    }

    [Fact]
    public void Dom0_cpu_load_widens_the_window_in_which_kswapd_is_behind()
    {
        static double Exposure(PlatformScenario s) =>
            ReplicationRunner.Run(16, r => ReclaimExposureExperiment.Run(P, s, 5, r)).Average();
        var unloaded = Exposure(Comparison);
        var hogs = Exposure(Comparison with { Dom0CpuLoadProcs = 4 });
        // 20 ms of work at 2 wakes/s is 4% of the time unloaded; four nice-0 hogs on dom0's one vCPU cut kswapd's share.
        Assert.InRange(unloaded, 0.03, 0.06);
        Assert.True(hogs > 2 * unloaded, $"exposure {hogs:P2} under 4 hogs vs {unloaded:P2} unloaded");
    }

    [Fact]
    public void Launches_wait_at_the_rate_the_exposure_predicts()
    {
        // What the calibration counts from: P(wait per launch) = share of time kswapd is behind x writeback_wait_prob.
        var p = P with { WritebackWaitProb = 0.5 };
        var s = Comparison with { Dom0NetLoadMbps = 1000 };
        var ops = Operations(Runs(p, s, 3000)).ToList();
        var observed = ops.Count(us => us >= 2_000_000) / (double)ops.Count;
        var exposure = ReplicationRunner.Run(32, r => ReclaimExposureExperiment.Run(p, s, 5, r)).Average();
        var expected = exposure * p.WritebackWaitProb;
        var se = Math.Sqrt(expected * (1 - expected) / ops.Count);
        Assert.True(Math.Abs(observed - expected) < 4 * se, $"observed {observed:P3} vs expected {expected:P3} (se {se:P3})");
    }

    [Fact]
    public void The_resident_switcher_execs_nothing_so_never_reclaims()
    {
        var s = Comparison with { Dom0CpuLoadProcs = 4, Mechanism = SwitchMechanism.Resident };
        Assert.All(Operations(Runs(P, s, 300)), us => Assert.True(us < 200_000, $"{us:F0} us"));
    }
}
