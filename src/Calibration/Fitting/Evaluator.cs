using MathNet.Numerics.Distributions;
using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Measurement;
using XenSwitchSim.Simulator.Platform;
using XenSwitchSim.Simulator.Platform.Toolstack;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>How hard to simulate one objective evaluation.</summary>
public sealed record Effort(int RunsPerRow, int HypercallReplications, int RareLaunches, int ExposureBoards = 0)
{
    public static Effort Search { get; } = new(60, 1, 20_000, 16);
    public static Effort Final { get; } = new(2000, 5, 200_000, 128);
}

/// <summary>
/// A rare-mode group's expected probability per operation at a point: the card-stall part (StorageStalls, the same for
/// every configuration) and the direct-reclaim writeback part, operation-weighted over the group's configurations,
/// with each configuration's kswapd exposure (share of time kswapd is behind).
/// </summary>
public sealed record RareGroupEstimate(double Card, double Reclaim, IReadOnlyList<double> Exposures)
{
    public double Total => Card + Reclaim;
}

/// <summary>One term of the objective: its name, weighted squared z contribution, and which row it belongs to.</summary>
public sealed record ObjectiveTerm(string Row, string Name, double Value);

/// <summary>An objective evaluation: the total, its terms, and the simulations behind it.</summary>
public sealed record Evaluation(
    double Total,
    IReadOnlyList<ObjectiveTerm> Terms,
    IReadOnlyList<SimulatedRow> Rows,
    IReadOnlyDictionary<string, DecadeShares> HypercallShares,
    IReadOnlyDictionary<string, RareGroupEstimate> RareModes)
{
    public double RowTotal(string rowKey) => Terms.Where(t => t.Row == rowKey).Sum(t => t.Value);
}

/// <summary>
/// Simulates every row at a point of the parameter space with common random numbers (the same
/// seed, hence the same random streams per replication and source, for every candidate) and
/// scores it against the study's numbers, weighted by how much each can be trusted:
/// <list type="bullet">
/// <item>means: z = (sim - meas) / (tol / 2), tol = max(10% of the mean, 2 SE) (contracts.md 5); weight 1;</item>
/// <item>phase means: scale max(5%, the sampler's quantisation SE 4067/sqrt(12 n), SE/2); weight 0.25 (0.05 for doubtful phases);</item>
/// <item>reconstructed runs (data-insights.md 2): the n-2 equal middle runs against the expected order statistics; weight 0.3 each;</item>
/// <item>variance: log ratio of sample variances over its chi-square(n-1) log sd, weight 0.1, plus a weak hinge outside the 95% band (a 5-run variance says little when the model has a rare outlier mode);</item>
/// <item>min and max: a hinge when they leave the simulated p0.5-p99.5 range for n draws; weight 0.2;</item>
/// <item>Figure 4: decade shares within 0.25 percentage point (z = 1), hinge for bounds; weight 1/3 per share;</item>
/// <item>the multi-second mode: binomial deviance of each count against the group's expectation (card stalls, and reclaim waits from each configuration's kswapd exposure); weight 1 per group.</item>
/// </list>
/// </summary>
public sealed class Evaluator(ParameterSpace space, CalibrationData data, ulong seed, int threads = 0)
{
    public ParameterSpace Space => space;
    public CalibrationData Data => data;
    public ulong Seed => seed;

    public int Evaluations { get; private set; }

    /// <summary>Chi-square(4) log spread: sd of ln(chi2_4 / 4).</summary>
    private const double LogVarianceSd = 0.77;

    public Evaluation Evaluate(double[] x, Effort effort, CalibrationData? subset = null, CancellationToken cancel = default)
    {
        var d = subset ?? data;
        Evaluations++;
        var rows = SimulateRows(x, d.Rows, effort.RunsPerRow, cancel);
        var shares = SimulateHypercalls(x, d.Hypercalls, effort.HypercallReplications);
        var card = new Dictionary<Env, (double Long, double Mid)>
        {
            [Env.Old] = RareProbability(space.Platform(x, Env.Old), effort.RareLaunches),
            [Env.New] = RareProbability(space.Platform(x, Env.New), effort.RareLaunches),
        };
        var exposures = ReclaimExposures(x, d.RareModes, effort.ExposureBoards, cancel);
        var rare = new Dictionary<string, RareGroupEstimate>(StringComparer.Ordinal);
        var terms = new List<ObjectiveTerm>();
        foreach (var r in rows) terms.AddRange(RowTerms(r));
        foreach (var h in d.Hypercalls) terms.AddRange(HypercallTerms(h, shares[h.Pattern]));
        foreach (var g in d.RareModes)
        {
            var e = GroupEstimate(space.Platform(x, g.Env), g, card[g.Env], exposures);
            rare[g.Group] = e;
            var p = Math.Clamp(e.Total, 1e-6, 1 - 1e-6);
            terms.Add(new ObjectiveTerm("rare", $"{(g.Env == Env.Old ? "old" : "new")}: {g.Group}", BinomialDeviance(g.Events, g.Operations, p)));
        }
        var total = terms.Sum(t => t.Value);
        return new Evaluation(double.IsFinite(total) ? total : 1e12, terms, rows, shares, rare);
    }

    public SimulatedRow[] SimulateRows(double[] x, IReadOnlyList<RowTarget> rows, int runs, CancellationToken cancel = default)
    {
        var platforms = rows.Select(r => space.Platform(x, r.Env)).ToArray();
        var settings = rows.Select(r => PlatformBinding.Scenario(r.Parameters)).ToArray();
        var options = rows.Select(r => new SwitchExperiment.Options
        {
            PauseUnpause = r.Pause is not null || r.Unpause is not null || r.Switch is null,
            Switch = r.Switch is not null,
            AvailableSchedulers = space.Schedulers(r.Env),
        }).ToArray();
        var all = ReplicationRunner.Run(rows.Count * runs, k =>
        {
            var i = k / runs;
            return SwitchExperiment.Run(platforms[i], settings[i], seed, k % runs, options[i]);
        }, threads, null, cancel);
        var result = new SimulatedRow[rows.Count];
        var perLaunch = new Dictionary<Env, double>(); // the platform is a function of (x, env) only
        for (var i = 0; i < rows.Count; i++)
        {
            var slice = new ArraySegment<OperationTimes>(all, i * runs, runs);
            if (!perLaunch.TryGetValue(rows[i].Env, out var e)) perLaunch[rows[i].Env] = e = StorageDelayPerLaunchUs(platforms[i]);
            result[i] = new SimulatedRow(rows[i], new SimulatedOp(Operation.Pause, slice, e), new SimulatedOp(Operation.Unpause, slice, e))
            {
                Switch = rows[i].Switch is not null ? new SimulatedOp(Operation.Switch, slice, e) : null,
            };
        }
        return result;
    }

    public Dictionary<string, DecadeShares> SimulateHypercalls(double[] x, IReadOnlyList<HypercallTarget> targets, int replications)
    {
        var p = space.Platform(x, Env.New);
        var result = new Dictionary<string, DecadeShares>();
        if (targets.Count == 0 || replications <= 0) return result;
        var all = ReplicationRunner.Run(targets.Count * replications, k =>
            HypercallExperiment.Run(p, PlatformBinding.Scenario(targets[k / replications].Parameters), seed, (long)(k % replications)), threads);
        for (var i = 0; i < targets.Count; i++)
            result[targets[i].Pattern] = HypercallExperiment.Shares([.. all.Skip(i * replications).Take(replications).SelectMany(a => a)]);
        return result;
    }

    /// <summary>Launches drawn for <see cref="StorageDelayPerLaunchUs"/>: a few milliseconds of CPU, precise to a few percent on the stalls.</summary>
    public const int StorageMeanLaunches = 200_000;

    /// <summary>
    /// E[storage delay of one launch of xl | under the multi-second threshold], by direct Monte Carlo of the
    /// StorageStalls mechanism with a fixed stream (common random numbers, so smooth in the parameters): the known
    /// mean of the control variate in <see cref="SimulatedOp"/>. Conditional because the rows' means are over typical
    /// runs; the rest of an operation (tens of ms) is negligible against the 2 s threshold.
    /// </summary>
    public double StorageDelayPerLaunchUs(PlatformParameters p)
    {
        var storage = new StorageStalls(p, RandomStream.For(seed, 0, "calibration/storage-mean"));
        var threshold = (long)(CalibrationData.RareThresholdUs * 1000);
        double sumNs = 0;
        var kept = 0;
        for (var i = 0; i < StorageMeanLaunches; i++)
        {
            long ns = 0;
            for (var f = storage.MajorFaults(); f > 0; f--) ns += storage.ReadNs();
            if (ns >= threshold) continue;
            sumNs += ns;
            kept++;
        }
        return kept == 0 ? 0 : sumNs / kept / 1000;
    }

    /// <summary>
    /// P(one xl launch waits over the threshold for the SD card), by direct Monte Carlo of the
    /// StorageStalls mechanism with a fixed stream (common random numbers). The rest of an
    /// operation (tens of ms) is negligible against 2 s.
    /// </summary>
    public (double Long, double Mid) RareProbability(PlatformParameters p, int launches) => CardRareProbability(p, seed, launches);

    /// <summary><see cref="RareProbability"/> for any seed.</summary>
    public static (double Long, double Mid) CardRareProbability(PlatformParameters p, ulong seed, int launches)
    {
        var storage = new StorageStalls(p, RandomStream.For(seed, 0, "calibration/rare-mode"));
        int hits = 0, mid = 0;
        var threshold = (long)(CalibrationData.RareThresholdUs * 1000);
        var midBand = (long)(CalibrationData.MidBandUs * 1000);
        for (var i = 0; i < launches; i++)
        {
            var faults = storage.MajorFaults();
            long wait = 0;
            for (var f = 0; f < faults; f++) wait += storage.ReadNs();
            if (wait >= threshold) hits++;
            else if (wait >= midBand) mid++;
        }
        return ((hits + 0.5) / (launches + 1.0), (mid + 0.5) / (launches + 1.0));
    }

    /// <summary>
    /// kswapd's exposure (share of time behind) per configuration of the rare-mode groups that has a file-backed disk,
    /// each from <paramref name="boards"/> boards of <see cref="ReclaimExposureExperiment.BoardNs"/> with fixed streams
    /// (common random numbers). Configurations without one are absent: their exposure is 0.
    /// </summary>
    public Dictionary<(Env, PlatformScenario), double> ReclaimExposures(double[] x, IReadOnlyList<RareModeTarget> groups, int boards, CancellationToken cancel = default) =>
        ReclaimExposures(env => space.Platform(x, env), groups, boards, seed, threads, cancel);

    /// <summary><see cref="ReclaimExposures(double[], IReadOnlyList{RareModeTarget}, int, CancellationToken)"/> for any platform per environment (a model file's).</summary>
    public static Dictionary<(Env, PlatformScenario), double> ReclaimExposures(
        Func<Env, PlatformParameters> platform, IReadOnlyList<RareModeTarget> groups, int boards, ulong seed, int threads = 0, CancellationToken cancel = default)
    {
        var keys = new List<(Env Env, PlatformScenario Scenario)>();
        foreach (var g in groups)
            foreach (var part in g.Parts)
            {
                var key = (g.Env, PlatformBinding.Scenario(part.Parameters));
                if (key.Item2.DomUFileStorage && !keys.Contains(key)) keys.Add(key);
            }
        var result = new Dictionary<(Env, PlatformScenario), double>();
        if (keys.Count == 0 || boards <= 0) return result;
        var platforms = keys.Select(k => platform(k.Env)).ToArray();
        var shares = ReplicationRunner.Run(keys.Count * boards, k =>
            ReclaimExposureExperiment.Run(platforms[k / boards], keys[k / boards].Scenario, seed, k % boards), threads, null, cancel);
        for (var i = 0; i < keys.Count; i++) result[keys[i]] = shares.Skip(i * boards).Take(boards).Average();
        return result;
    }

    /// <summary>A group's probability per operation: the card part plus, per configuration, exposure x P(writeback wait) x P(its length in the band).</summary>
    public static RareGroupEstimate GroupEstimate(PlatformParameters p, RareModeTarget g, (double Long, double Mid) card, IReadOnlyDictionary<(Env, PlatformScenario), double> exposures)
    {
        var threshold = WritebackWaitAtLeast(p, CalibrationData.RareThresholdUs);
        var inBand = g.MidBand ? WritebackWaitAtLeast(p, CalibrationData.MidBandUs) - threshold : threshold;
        var list = new List<double>(g.Parts.Count);
        double weighted = 0;
        foreach (var part in g.Parts)
        {
            var e = exposures.TryGetValue((g.Env, PlatformBinding.Scenario(part.Parameters)), out var v) ? v : 0;
            list.Add(e);
            weighted += part.Operations * e;
        }
        var reclaim = g.Operations == 0 ? 0 : weighted / g.Operations * p.WritebackWaitProb * inBand;
        return new RareGroupEstimate(g.MidBand ? card.Mid : card.Long, reclaim, list);
    }

    /// <summary>P(one writeback wait of <see cref="XenSwitchSim.Simulator.Platform.Linux.DirectReclaim"/> lasts at least <paramref name="us"/>): its lognormal's tail.</summary>
    public static double WritebackWaitAtLeast(PlatformParameters p, double us)
    {
        if (p.WritebackWaitMeanUs <= 0) return 0;
        if (p.WritebackWaitSdUs <= 0) return p.WritebackWaitMeanUs >= us ? 1 : 0;
        return 1 - LogNormalDistribution.FromMeanSd(p.WritebackWaitMeanUs, p.WritebackWaitSdUs).Cdf(us);
    }

    public static IEnumerable<ObjectiveTerm> RowTerms(SimulatedRow r)
    {
        foreach (var t in r.Row.Ops)
        {
            var op = t.Op;
            var s = r.Of(op);
            var name = op.Name();
            if (s.Sorted.Length < 3)
            {
                yield return new ObjectiveTerm(r.Row.Key, $"{name} no typical runs", 1e6);
                continue;
            }
            var se = t.StandardErrorUs;
            var zMean = (s.Mean - t.MeanUs) / (t.MeanToleranceUs / 2);
            yield return new ObjectiveTerm(r.Row.Key, $"{name} mean", zMean * zMean);

            var quantSe = 4067 / Math.Sqrt(12.0 * t.N);
            foreach (var (phase, meas) in t.PhasesUs)
            {
                if (!s.PhasesUs.ContainsKey(phase)) continue;
                var scale = Math.Max(Math.Max(0.05 * meas, quantSe), se / 2);
                var z = (s.PhasesUs[phase] - meas) / scale;
                yield return new ObjectiveTerm(r.Row.Key, $"{name} phase {phase}", (t.PhasesDoubtful ? 0.05 : 0.25) * z * z);
            }

            if (t.ReconstructedRunsUs is { } runs)
            {
                for (var i = 2; i < runs.Count; i++)
                {
                    var e = s.ExpectedOrderStatistic(i, runs.Count);
                    var z = (e - runs[i - 1]) / Math.Max(0.05 * runs[i - 1], se / 2);
                    yield return new ObjectiveTerm(r.Row.Key, $"{name} run {i} of {runs.Count}", 0.3 * z * z);
                }
            }

            if (t.SampleVarianceUs2 is { } v && s.SampleVariance > 0)
            {
                var dof = t.N - 1;
                var ratio = v / s.SampleVariance;
                var z = Math.Log(ratio) / LogVarianceSd;
                var lo = ChiSquared.InvCDF(dof, 0.025) / dof;
                var hi = ChiSquared.InvCDF(dof, 0.975) / dof;
                var outside = ratio < lo ? Math.Log(lo / ratio) : ratio > hi ? Math.Log(ratio / hi) : 0;
                yield return new ObjectiveTerm(r.Row.Key, $"{name} variance", 0.1 * z * z + 0.1 * Math.Pow(outside / 0.5, 2));
            }

            if (t.MinUs is { } min && t.MaxUs is { } max)
            {
                var (low, high) = s.RangeFor(t.N);
                var below = min < low ? Math.Log(low / min) : 0;
                var above = max > high ? Math.Log(max / high) : 0;
                yield return new ObjectiveTerm(r.Row.Key, $"{name} range", 0.2 * (Math.Pow(below / 0.05, 2) + Math.Pow(above / 0.05, 2)));
            }
        }
    }

    public static IEnumerable<ObjectiveTerm> HypercallTerms(HypercallTarget h, DecadeShares s)
    {
        foreach (var (name, bound, sim) in new[]
                 {
                     ("10-100 us", h.In10Us, s.In10Us),
                     ("100-1000 us", h.In100Us, s.In100Us),
                     ("1-10 ms", h.In1000Us, s.In1000Us + s.Above10000Us),
                 })
        {
            var miss = bound.Kind switch
            {
                BoundKind.AtLeast => Math.Max(0, bound.Value - sim),
                BoundKind.AtMost => Math.Max(0, sim - bound.Value),
                _ => sim - bound.Value,
            };
            var z = miss / 0.0025;
            yield return new ObjectiveTerm("figure4", $"{h.Pattern} share {name}", z * z / 3);
        }
    }

    /// <summary>2 [k ln(k / np) + (n-k) ln((n-k) / n(1-p))]: 0 at p = k/n.</summary>
    public static double BinomialDeviance(int k, int n, double p)
    {
        double Term(double a, double b) => a <= 0 ? 0 : a * Math.Log(a / b);
        return 2 * (Term(k, n * p) + Term(n - k, n * (1 - p)));
    }
}
