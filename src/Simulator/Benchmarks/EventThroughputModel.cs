using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Benchmarks;

/// <summary>
/// Reference model (a) of docs/reference/des-performance.md, "event throughput": 100 processes,
/// each 10,000 exponential timeouts of mean 1 s, one shared RNG seeded 42. Bound by the event
/// queue (about 100 pending random keys) plus process resumption.
/// </summary>
public static class EventThroughputModel
{
    public const int Processes = 100;
    public const int TimeoutsPerProcess = 10_000;

    public sealed record Result(long Events, double RunSeconds, double CpuSeconds, long AllocatedBytes, double EndTimeSeconds)
    {
        public double EventsPerSecond => Events / RunSeconds;
        public double AllocatedBytesPerEvent => AllocatedBytes / (double)Events;
    }

    public static Result Run(ulong seed = 42, int processes = Processes, int timeoutsPerProcess = TimeoutsPerProcess)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var cpu0 = ThreadCpuTime.Seconds();
        var sim = new Simulation(256);
        var rng = new RandomStream(seed);
        for (var i = 0; i < processes; i++) new TimeoutLoop(sim, rng, timeoutsPerProcess).StartAt(0);
        var allocBefore = GC.GetAllocatedBytesForCurrentThread();
        sim.Run();
        var alloc = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
        sw.Stop();
        var cpuSeconds = ThreadCpuTime.Seconds() - cpu0;
        return new Result(sim.DispatchedEvents, sw.Elapsed.TotalSeconds, cpuSeconds, alloc, SimTime.ToSeconds(sim.NowNs));
    }

    private sealed class TimeoutLoop(Simulation sim, RandomStream rng, int n) : Process(sim, "timeouts")
    {
        protected override IEnumerator<Wait> Run()
        {
            for (var i = 0; i < n; i++)
                yield return Wait.For((long)rng.NextExponential(SimTime.Second));
        }
    }
}
