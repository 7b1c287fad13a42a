namespace XenSwitchSim.Calibration.Statistics;

/// <summary>A tail report, and what parameter uncertainty added to it (null without blocks).</summary>
public sealed record DeadlineResult(TailReport Report, ParameterUncertaintyReport? Uncertainty);

/// <summary>
/// The deadline command's statistics: <see cref="TailAnalyzer"/> on the pooled sample, and with blocks of
/// replications that each ran with their own draw of the calibrated parameters, every figure's interval widened by
/// the between-block parameter sd (<see cref="BlockUncertainty"/>). Order: the sized deadline first (it may be the
/// deadline), then the miss probability at the deadline, then the level table.
/// </summary>
public static class DeadlineAnalysis
{
    /// <param name="samples">Times in run order.</param>
    /// <param name="blockStarts">Null, or the first index of each block followed by n (as ParameterUncertainty.BlockStarts).</param>
    public static DeadlineResult Analyze(double[] samples, TailQuery query, int[]? blockStarts = null,
        IReadOnlyList<string>? mechanisms = null, string? rule = null, TailOptions? options = null)
    {
        options ??= new TailOptions();
        if (blockStarts is null || blockStarts.Length < 3)
            return new DeadlineResult(new TailAnalyzer(samples, options).Report(query), null);

        int blocks = blockStarts.Length - 1;
        // The pooled analyzer sees the runs interleaved across blocks (its estimates do not depend on order).
        var interleaved = Interleave(samples, blockStarts);
        var pooled = new TailAnalyzer(interleaved, options);
        var perBlock = Enumerable.Range(0, blocks)
            .Select(b => new TailAnalyzer(samples.AsSpan(blockStarts[b], blockStarts[b + 1] - blockStarts[b]), options))
            .ToArray();
        double t = BlockUncertainty.T(blocks, options.Confidence);
        var spreads = new List<BlockSpread>();

        SizedDeadline? sized = null;
        if (query.MissProb is double p)
        {
            var (q, s, lo, hi) = WidenedQuantile(pooled, perBlock, p, t, options.Confidence, "sized_deadline_us");
            spreads.Add(s);
            hi = MonotoneUpper(pooled, perBlock, p, hi, t, options.Confidence);
            sized = new SizedDeadline(hi, lo, hi, q.Method, q.TimeUs);
        }

        double deadline = query.DeadlineUs ?? sized!.Value;
        var m = pooled.MissProbability(deadline);
        var ms = BlockUncertainty.Spread("miss_prob", perBlock.Select(a => { var x = a.MissProbability(deadline); return (x.Estimate, x.Lower, x.Upper); }).ToList(), options.Confidence);
        spreads.Add(ms);
        var (mlo, mhi) = BlockUncertainty.Widen(m.Estimate, m.Lower, m.Upper, ms.ParameterSd, t, 0, 1);
        var miss = m with { Lower = mlo, Upper = mhi };

        var levels = new List<LevelEstimate>();
        foreach (var level in options.Levels)
        {
            var (q, s, lo, hi) = WidenedQuantile(pooled, perBlock, level, t, options.Confidence, FormattableString.Invariant($"level {level:G3}"));
            spreads.Add(s);
            hi = MonotoneUpper(pooled, perBlock, level, hi, t, options.Confidence);
            levels.Add(q with { LowerUs = lo, UpperUs = hi });
        }

        // The i.i.d. checks are about the runs given their parameters: within each block, combined by Bonferroni.
        // (On the pooled runs they would detect the blocks themselves, which differ by design.)
        var pooledDiagnostics = pooled.Diagnostics(deadline);
        var diagnostics = pooledDiagnostics with
        {
            Independence = Combine(perBlock.Select(a => a.Independence()).ToList(), options.DiagnosticLevel),
            IdenticalDistribution = Combine(perBlock.Select(a => a.IdenticalDistribution()).ToList(), options.DiagnosticLevel),
        };
        var report = new TailReport(samples.Length, deadline, miss, sized, levels, diagnostics) { Threshold = pooled.Threshold };
        var runsPerBlock = samples.Length / blocks;
        return new DeadlineResult(report, new ParameterUncertaintyReport(blocks, runsPerBlock, mechanisms ?? [],
            rule ?? "each side's half-width h becomes sqrt(h^2 + (t*parameter_sd)^2), t = Student t(B-1) quantile", spreads));
    }

    /// <summary>
    /// Importance-sampled runs in blocks of parameters: the weighted estimates of the pooled runs, each interval widened
    /// by the between-block parameter sd of the blocks' own weighted estimates (same rule as <see cref="Analyze"/>).
    /// </summary>
    public static DeadlineResult AnalyzeWeighted(double[] samples, double[] weights, TailQuery query, string tilt, int[]? blockStarts = null,
        IReadOnlyList<string>? mechanisms = null, string? rule = null, TailOptions? options = null)
    {
        options ??= new TailOptions();
        var pooledTail = new WeightedTail(samples, weights, options.Confidence);
        if (blockStarts is null || blockStarts.Length < 3) return new DeadlineResult(pooledTail.Report(query, tilt, options), null);
        int blocks = blockStarts.Length - 1;
        var perBlock = Enumerable.Range(0, blocks).Select(b => new WeightedTail(
            samples[blockStarts[b]..blockStarts[b + 1]], weights[blockStarts[b]..blockStarts[b + 1]], options.Confidence)).ToArray();
        double t = BlockUncertainty.T(blocks, options.Confidence);
        var spreads = new List<BlockSpread>();
        (double, double, double) Q(LevelEstimate q) => (q.TimeUs, q.LowerUs, q.UpperUs);

        SizedDeadline? sized = null;
        if (query.MissProb is double p)
        {
            var q = pooledTail.Quantile(p);
            var s = BlockUncertainty.Spread("sized_deadline_us", perBlock.Select(a => Q(a.Quantile(p))).ToList(), options.Confidence);
            spreads.Add(s);
            var (lo, hi) = BlockUncertainty.Widen(q.TimeUs, q.LowerUs, q.UpperUs, s.ParameterSd, t, floor: 0);
            foreach (var g in Grid.Where(g => g > p))
            {
                var qg = pooledTail.Quantile(g);
                var sg = BlockUncertainty.Spread("", perBlock.Select(a => Q(a.Quantile(g))).ToList(), options.Confidence);
                hi = Math.Max(hi, BlockUncertainty.Widen(qg.TimeUs, qg.LowerUs, qg.UpperUs, sg.ParameterSd, t, floor: 0).Upper);
            }
            sized = new SizedDeadline(hi, lo, hi, q.Method, q.TimeUs);
        }
        double deadline = query.DeadlineUs ?? sized!.Value;
        var plain = pooledTail.Report(new TailQuery(deadline, null), tilt, options);
        var m = plain.MissProb;
        var ms = BlockUncertainty.Spread("miss_prob", perBlock.Select(a => { var x = a.MissProbability(deadline); return (x.Estimate, x.Lower, x.Upper); }).ToList(), options.Confidence);
        spreads.Add(ms);
        var (mlo, mhi) = BlockUncertainty.Widen(m.Estimate, m.Lower, m.Upper, ms.ParameterSd, t, 0, 1);
        var levels = new List<LevelEstimate>();
        foreach (var level in options.Levels)
        {
            var q = pooledTail.Quantile(level);
            var s = BlockUncertainty.Spread(FormattableString.Invariant($"level {level:G3}"), perBlock.Select(a => Q(a.Quantile(level))).ToList(), options.Confidence);
            spreads.Add(s);
            var (lo, hi) = BlockUncertainty.Widen(q.TimeUs, q.LowerUs, q.UpperUs, s.ParameterSd, t, floor: 0);
            levels.Add(q with { LowerUs = lo, UpperUs = hi });
        }
        for (int i = 1; i < levels.Count; i++)
            if (levels[i].UpperUs < levels[i - 1].UpperUs) levels[i] = levels[i] with { UpperUs = levels[i - 1].UpperUs };
        var noPot = options with { Pot = options.Pot with { MinExceedances = int.MaxValue / 4 } };
        var iid = Enumerable.Range(0, blocks).Select(b => new TailAnalyzer(samples.AsSpan(blockStarts[b], blockStarts[b + 1] - blockStarts[b]), noPot)).ToList();
        var diagnostics = plain.Diagnostics with
        {
            Independence = Combine(iid.Select(a => a.Independence()).ToList(), options.DiagnosticLevel),
            IdenticalDistribution = Combine(iid.Select(a => a.IdenticalDistribution()).ToList(), options.DiagnosticLevel),
        };
        var report = plain with { MissProb = m with { Lower = mlo, Upper = mhi }, SizedDeadline = sized, Levels = levels, DeadlineUs = deadline, Diagnostics = diagnostics };
        return new DeadlineResult(report, new ParameterUncertaintyReport(blocks, samples.Length / blocks, mechanisms ?? [],
            rule ?? "each side's half-width h becomes sqrt(h^2 + (t*parameter_sd)^2), t = Student t(B-1) quantile", spreads));
    }

    private static DiagnosticVerdict Combine(IReadOnlyList<DiagnosticVerdict> perBlock, double level)
    {
        double p = Math.Min(1, perBlock.Count * perBlock.Min(v => v.P));
        return new DiagnosticVerdict($"{perBlock[0].Test}, within each of {perBlock.Count} blocks, bonferroni", p, p >= level);
    }

    private static (double, double, double) Triple(LevelEstimate q) => (q.TimeUs, q.LowerUs, q.UpperUs);

    private static (LevelEstimate Q, BlockSpread Spread, double Lower, double Upper) WidenedQuantile(
        TailAnalyzer pooled, TailAnalyzer[] perBlock, double p, double t, double confidence, string figure)
    {
        var q = pooled.Quantile(p);
        var s = BlockUncertainty.Spread(figure, perBlock.Select(a => Triple(a.Quantile(p))).ToList(), confidence);
        var (lo, hi) = BlockUncertainty.Widen(q.TimeUs, q.LowerUs, q.UpperUs, s.ParameterSd, t, floor: 0);
        return (q, s, lo, hi);
    }

    /// <summary>
    /// The widened upper end at p, raised to the widened upper ends at the larger probabilities of a fixed grid
    /// (0.1, 0.05, 0.02, 0.01, ... down to p): a deadline for a smaller miss probability is never shorter than one
    /// for a larger. Without this, a block spread that is resolved at 5% but drowned in Monte Carlo noise at 1%
    /// would give 1% a shorter deadline. The plain analysis is monotone by itself (TailAnalyzer).
    /// </summary>
    private static double MonotoneUpper(TailAnalyzer pooled, TailAnalyzer[] perBlock, double p, double upper, double t, double confidence)
    {
        foreach (var g in Grid.Where(g => g > p))
            upper = Math.Max(upper, WidenedQuantile(pooled, perBlock, g, t, confidence, "").Upper);
        return upper;
    }

    private static readonly double[] Grid = Enumerable.Range(1, 15)
        .SelectMany(d => new[] { 1.0, 0.5, 0.2 }.Select(m => m * Math.Pow(10, -d)))
        .ToArray();

    public static double[] Interleave(double[] samples, int[] starts)
    {
        int blocks = starts.Length - 1;
        var x = new double[samples.Length];
        int k = 0;
        int longest = Enumerable.Range(0, blocks).Max(b => starts[b + 1] - starts[b]);
        for (int j = 0; j < longest; j++)
            for (int b = 0; b < blocks; b++)
                if (starts[b] + j < starts[b + 1]) x[k++] = samples[starts[b] + j];
        return x;
    }
}
