using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform;
using XenSwitchSim.Simulator.Platform.Linux;

namespace XenSwitchSim.Simulator.Experiments;

/// <summary>
/// The study's Figure 4 probe: a dom0 process that calls the <c>version</c> hypercall through
/// libxenctrl <see cref="Options.Calls"/> times, reading the counter before and after each call.
/// It runs on the same board as the switch experiments (dom0's scheduler, its loads, the
/// sampler's block I/O), so what stretches a call is what the mechanisms put on its vCPU:
/// interrupts and softirq bursts that wait for the hypercall to return and then run before
/// the process reads the counter again, a wake-up preemption by a higher-priority task, or a
/// tick that finds the probe's slice used up.
/// </summary>
public static class HypercallExperiment
{
    public sealed record Options
    {
        /// <summary>Calls per replication (the study: 1000 per pattern).</summary>
        public int Calls { get; init; } = 1000;

        /// <summary>User-space work of the loop between two calls (the counter reads, the store of the sample).</summary>
        public double LoopGapUs { get; init; } = 2;

        /// <summary>libxenctrl's user-space part of xc_version (the hypercall buffer, the ioctl's argument set-up).</summary>
        public double LibraryUs { get; init; } = 3;
    }

    /// <summary>
    /// One replication: a board with the scenario's loads, warmed up, then the probe loop at a
    /// random phase. Returns each call's wall time in us (what the study's counter reads gave).
    /// </summary>
    public static double[] Run(PlatformParameters p, PlatformScenario s, ulong seed, long replication, Options? options = null)
    {
        options ??= new Options();
        var b = new Board(p, s, seed, replication, withStandby: false, "hypercall");
        var phase = RandomStream.For(seed, replication, "hypercall/op-phase");
        var probe = new VersionProbe(b, options);
        probe.StartAt(SwitchExperiment.WarmupNs + phase.NextLong(SwitchExperiment.PhaseWindowNs));
        var cap = SwitchExperiment.WarmupNs + SwitchExperiment.PhaseWindowNs + 60 * SimTime.Second;
        while (!probe.IsFinished && b.Sim.NowNs < cap) b.Sim.RunTo(Math.Min(cap, b.Sim.NowNs + 5 * SimTime.Millisecond));
        return probe.Times.ToArray();
    }

    /// <summary>Several replications (each a fresh board), calls concatenated in replication order.</summary>
    public static double[] RunMany(PlatformParameters p, PlatformScenario s, ulong seed, int replications, Options? options = null, int threads = 0)
    {
        var parts = ReplicationRunner.Run(replications, r => Run(p, s, seed, r, options), threads);
        return parts.SelectMany(x => x).ToArray();
    }

    /// <summary>Shares of calls in the decades [1,10), [10,100), [100,1000), [1000,10000) us and beyond.</summary>
    public static DecadeShares Shares(IReadOnlyList<double> timesUs)
    {
        var c = new double[5];
        foreach (var t in timesUs)
        {
            var k = t < 10 ? 0 : t < 100 ? 1 : t < 1000 ? 2 : t < 10000 ? 3 : 4;
            c[k]++;
        }
        var n = Math.Max(1, timesUs.Count);
        return new DecadeShares(c[0] / n, c[1] / n, c[2] / n, c[3] / n, c[4] / n, timesUs.Count);
    }

    private sealed class VersionProbe(Board b, Options o) : LinuxTask(b.Kernel, "hcprobe")
    {
        public List<double> Times { get; } = new(o.Calls);

        protected override IEnumerable<Wait> Body()
        {
            var p = b.P;
            for (var i = 0; i < o.Calls; i++)
            {
                yield return Compute(b.Work.Ns(o.LoopGapUs));
                var t0 = Sim.NowNs;
                yield return Compute(b.Work.Ns(o.LibraryUs));
                yield return Hypercall(b.Work.Ns(p.HypercallEntryUs), (_, ret) =>
                    new XenReturn(Sim, ret, Math.Max(1, b.Work.Ns(p.VersionHypercallUs))));
                Times.Add((Sim.NowNs - t0) / 1000.0);
            }
        }
    }

    /// <summary>do_xen_version: Xen's work, then the return to the caller.</summary>
    private sealed class XenReturn : EventTarget
    {
        private readonly Simulation _sim;
        private readonly Action<long> _ret;

        public XenReturn(Simulation sim, Action<long> ret, long workNs)
        {
            _sim = sim;
            _ret = ret;
            sim.ScheduleAfter(this, workNs);
        }

        protected internal override void Fire(int token) => _ret(_sim.NowNs);
    }
}

/// <summary>Figure 4's decade shares of the version hypercall's wall time.</summary>
public sealed record DecadeShares(double Below10Us, double In10Us, double In100Us, double In1000Us, double Above10000Us, int Calls);
