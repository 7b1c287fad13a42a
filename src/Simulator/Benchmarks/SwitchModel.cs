using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Benchmarks;

/// <summary>
/// Reference model (b) of docs/reference/des-performance.md, "switch model": a 4-CPU FIFO pool,
/// 4 hogs holding 4 ms slices, one xl process every 100 ms holding LogNormal(mean 8 ms, sd 2 ms)
/// then a 20 us hypercall. Its xl statistics (mean about 10.02 ms, p50 9.86, p99 16.2-16.3) prove
/// it is the same model as the published SimPy/SimSharp runs.
/// </summary>
public static class SwitchModel
{
    public const int Switches = 100_000;
    private const double Sigma = 0.2462207; // sqrt(ln(1 + (2/8)^2))
    private const double Mu = -4.8586260;   // ln(0.008) - sigma^2/2, seconds

    public sealed record Result(
        long Switches, long Events, double RunSeconds, double CpuSeconds, long AllocatedBytes, long HogSlices,
        double XlMeanMs, double XlP50Ms, double XlP99Ms, double XlMaxMs)
    {
        public double SwitchesPerSecond => Switches / RunSeconds;
        public double AllocatedBytesPerEvent => AllocatedBytes / (double)Events;
    }

    public static Result Run(ulong seed = 42, int switches = Switches)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var cpu0 = ThreadCpuTime.Seconds();
        var sim = new Simulation();
        var rng = new RandomStream(seed);
        var cpu = new Resource(sim, 4);
        var hogs = new Hog[4];
        for (var i = 0; i < hogs.Length; i++)
        {
            hogs[i] = new Hog(sim, cpu);
            hogs[i].StartAt(SimTime.FromSeconds(rng.NextDouble() * 0.004));
        }
        var elapsedNs = new long[switches];
        var xl = new Xl(sim, cpu, rng, elapsedNs);
        xl.StartAt(0);
        var allocBefore = GC.GetAllocatedBytesForCurrentThread();
        sim.RunUntilFinished(xl);
        var alloc = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
        sw.Stop();
        var cpuSeconds = ThreadCpuTime.Seconds() - cpu0;

        Array.Sort(elapsedNs);
        double mean = 0;
        foreach (var e in elapsedNs) mean += e;
        mean /= switches;
        long slices = 0;
        foreach (var h in hogs) slices += h.Slices;
        return new Result(switches, sim.DispatchedEvents, sw.Elapsed.TotalSeconds, cpuSeconds, alloc, slices,
            mean / SimTime.Millisecond, QuantileMs(elapsedNs, 0.50), QuantileMs(elapsedNs, 0.99),
            elapsedNs[^1] / (double)SimTime.Millisecond);
    }

    /// <summary>R-7 (linear interpolation, numpy's default) on sorted data.</summary>
    private static double QuantileMs(long[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return (sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])) / SimTime.Millisecond;
    }

    private sealed class Hog(Simulation sim, Resource cpu) : Process(sim, "hog")
    {
        public long Slices;

        protected override IEnumerator<Wait> Run()
        {
            while (true)
            {
                yield return Wait.Request(cpu);
                yield return Wait.For(4 * SimTime.Millisecond);
                cpu.Release();
                Slices++;
            }
        }
    }

    private sealed class Xl(Simulation sim, Resource cpu, RandomStream rng, long[] elapsedNs) : Process(sim, "xl")
    {
        protected override IEnumerator<Wait> Run()
        {
            for (var k = 1; k <= elapsedNs.Length; k++)
            {
                yield return Wait.For(k * 100 * SimTime.Millisecond - NowNs);
                var t0 = NowNs;
                yield return Wait.Request(cpu);
                yield return Wait.For(SimTime.FromSeconds(Math.Exp(Mu + Sigma * rng.NextStandardNormal())));
                cpu.Release();
                yield return Wait.For(20 * SimTime.Microsecond);
                elapsedNs[k - 1] = NowNs - t0;
            }
        }
    }
}
