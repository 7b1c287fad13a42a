using System.Diagnostics;
using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Platform;

namespace XenSwitchSim.Simulator.Benchmarks;

/// <summary>
/// Switch replications of the platform model per second: the baseline and the heaviest load
/// combination (dom0 CPU load + dom0 network load + domU network load). Each replication is a
/// whole board: warm-up, then one switch (pause the active, unpause the standby).
/// </summary>
public static class PlatformBenchmark
{
    public sealed record Result(string Name, int Switches, double RunSeconds, double MeanSwitchUs, long AllocatedBytes)
    {
        public double SwitchesPerSecond => Switches / RunSeconds;
    }

    public static PlatformScenario Heaviest(PlatformScenario s) =>
        s with { Dom0CpuLoadProcs = 4, Dom0NetLoadMbps = 1000, DomUNetLoadMbps = 1000 };

    public static Result Run(string name, PlatformParameters p, PlatformScenario s, int switches, ulong seed = 1, int threads = 0)
    {
        var options = new SwitchExperiment.Options { PauseUnpause = false, Switch = true };
        var alloc = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var r = ReplicationRunner.Run(switches, i => SwitchExperiment.Run(p, s, seed, i, options), threads);
        sw.Stop();
        alloc = GC.GetTotalAllocatedBytes(precise: true) - alloc;
        var mean = r.Select(t => t.SwitchTrueUs).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        return new Result(name, switches, sw.Elapsed.TotalSeconds, mean, alloc);
    }
}
