using XenSwitchSim.Hardware.Recording;
using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Tests;

public class LoadGeneratorTests
{
    [Fact]
    public void Cpu_hogs_run_until_disposed()
    {
        // No stress on this search path: shell busy loops stand in.
        var runner = new ProcessRunner("/usr/bin:/bin");
        var hasStress = runner.Resolve("stress") is not null;
        using (var loads = new LoadGenerator(runner, 1, TimeSpan.Zero))
        {
            Assert.Contains("1 CPU hog", loads.Description);
            Assert.Contains(hasStress ? "stress" : "sh busy loops", loads.Description);
        }

        // Disposing twice is harmless; nothing is left running (checked by the process handles being gone).
        using var none = new LoadGenerator(runner, 0, TimeSpan.Zero);
        Assert.Null(none.Description);
    }

    [Fact]
    public void Apply_loads_starts_the_hogs_and_the_plan_names_the_loads_left_to_the_user()
    {
        // A combination of hogs (started here) and a network load (the user's iperf3, as the testbed runs it).
        using var xl = new FakeXl(("d1", 1, 0));
        var request = new RecordRequest
        {
            Options = new RecordOptions { Domain = "d1", Op = Calibration.Measurements.MeasurementOp.Pause, Runs = 1 },
            Mechanism = "xl",
            ApplyLoads = true,
            Sets = [Models.Parameters.SetArgument.Parse("dom0.net_load_mbps=50"), Models.Parameters.SetArgument.Parse("dom0.cpu_load_procs=2")],
            OutDir = Path.Combine(xl.Dir, "out"),
            ToolVersion = "test",
        };
        var session = new RecordSession(request, xl.Runner, () => new FakeXenControl(), new Counters.StopwatchCounter(), _ => { });
        var plan = session.Prepare();
        Assert.Contains("2 CPU hog(s) run in dom0", plan);
        Assert.Contains("not started here (yours to apply): dom0.net_load_mbps=50", plan);
        Assert.DoesNotContain("cpu_load_procs=2 (", plan);
        Assert.Empty(xl.Operations);
    }
}
