using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Measurement;
using XenSwitchSim.Simulator.Platform.Toolstack;

namespace XenSwitchSim.Simulator.Experiments;

/// <summary>
/// Replications with the storage tail importance-sampled (<see cref="StorageTilt"/>): the mechanisms that make the
/// far tail (a launch of xl missing the page cache, its reads landing in an SD-card stall, the stall's length) are
/// drawn more often or longer, and each replication carries the likelihood ratio of its draws as its weight, so
/// (1/n) Σ w·1{T &gt; d} estimates P(T &gt; d) without bias. A share of the replications (the tilt's Defensive part)
/// draws from the model itself and the weight is that of the mixture proposal, which bounds it. Same streams as
/// plain sampling; only those draws' laws change. Weights are per board: with one metric only one board runs.
/// </summary>
public static class ImportanceSampling
{
    public static (OperationTimes[] Times, double[] Weights) Run(ResolvedScenario s, int runs, ulong seed, StorageTilt tilt,
        int threads = 0, IProgress<int>? progress = null, SwitchExperiment.Options? options = null, CancellationToken cancel = default) =>
        Run(s, _ => s.Platform, runs, seed, tilt, threads, progress, options, cancel);

    /// <summary>As above, replication r running on <paramref name="platformOf"/>(r) (parameter-uncertainty blocks).</summary>
    public static (OperationTimes[] Times, double[] Weights) Run(ResolvedScenario s, Func<int, Platform.PlatformParameters> platformOf, int runs,
        ulong seed, StorageTilt tilt, int threads = 0, IProgress<int>? progress = null, SwitchExperiment.Options? options = null,
        CancellationToken cancel = default)
    {
        var o = (options ?? new SwitchExperiment.Options()) with { AvailableSchedulers = s.Schedulers };
        var settings = s.Settings;
        var weights = new double[runs];
        var times = ReplicationRunner.Run(runs, r =>
        {
            var boards = new List<StorageStalls>(2);
            // The mixture's component, from its own stream so the simulation's draws are the same either way.
            var tilted = tilt.Defensive == 0 || RandomStream.For(seed, r, "importance-sampling-component").NextDouble() >= tilt.Defensive;
            var oi = o with
            {
                Instrument = b =>
                {
                    b.Toolstack.Storage.Tilt = tilt;
                    b.Toolstack.Storage.DrawTilted = tilted;
                    boards.Add(b.Toolstack.Storage);
                    o.Instrument?.Invoke(b);
                },
            };
            var t = SwitchExperiment.Run(platformOf(r), settings, seed, r, oi);
            var lr = 1.0;
            foreach (var st in boards) lr *= st.LikelihoodRatio;
            weights[r] = tilt.Weight(lr);
            return t;
        }, threads, progress, cancel);
        return (times, weights);
    }
}
