using System.Globalization;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Deadline-miss analysis of one sample (i.i.d. replications in run order). Sorts once and selects the POT threshold
/// once, then answers any number of questions. THE RULES:
/// <list type="bullet">
/// <item>Miss probability at d: with k = #(X &gt; d) &gt;= 10 (<see cref="TailOptions.MinEmpiricalExceedances"/>),
/// k/n with the Clopper-Pearson interval, method "empirical-clopper-pearson". With fewer, the POT/GPD estimate
/// zeta·S(d-u) with its joint profile-likelihood interval, method "gpd-pot-profile"; "extrapolated" instead when
/// that estimate is below 1/(100·n), far beyond what n runs can see. Without a usable POT model (no candidate, or
/// d below the threshold) the empirical interval is reported whatever k is.</item>
/// <item>Quantile exceeded with probability p (levels, sizing): empirical order-statistic interval when at least 10
/// observations lie beyond its upper bound; else POT return level with its profile interval, "extrapolated" when
/// p &lt; 1/(100·n). The GPD upper bound is never taken below the empirical bound at the switch (the 11th-largest
/// value), which keeps sizing monotone across the method switch.</item>
/// <item>Sizing for target P: the smallest deadline whose UPPER bound on the miss probability is &lt;= P, i.e.
/// the upper end of the (1-P) quantile's interval (<see cref="SizedDeadline"/>).</item>
/// </list>
/// </summary>
public sealed class TailAnalyzer
{
    private readonly double[] _original;
    private readonly double[] _sorted;
    private readonly TailOptions _options;

    public TailAnalyzer(ReadOnlySpan<double> samples, TailOptions? options = null)
    {
        if (samples.Length < 10)
        {
            throw new ArgumentException("tail analysis needs at least 10 samples", nameof(samples));
        }

        _options = options ?? new TailOptions();
        _original = samples.ToArray();
        _sorted = EmpiricalQuantile.SortedCopy(samples);
        Threshold = PeaksOverThreshold.SelectThreshold(_sorted, _options.Pot);
    }

    public int N => _sorted.Length;

    /// <summary>Null when the sample is too small for any candidate threshold (fewer than about 250 values).</summary>
    public ThresholdChoice? Threshold { get; }

    private PotModel? Pot => Threshold?.Model;

    private double ExtrapolationLimit => 1 / (_options.ExtrapolationFactor * N);

    public MethodEstimate MissProbability(double deadlineUs)
    {
        int k = EmpiricalQuantile.CountAbove(_sorted, deadlineUs);
        if (k >= _options.MinEmpiricalExceedances || Pot is null || !(deadlineUs > Pot.Threshold))
        {
            return EmpiricalTail.MissProbability(_sorted, deadlineUs, _options.Confidence);
        }

        var i = Pot.TailProbability(deadlineUs, _options.Confidence);
        return new MethodEstimate(i.Estimate, i.Lower, i.Upper, i.Estimate < ExtrapolationLimit ? TailMethod.Extrapolated : TailMethod.GpdPotProfile);
    }

    /// <summary>The time exceeded with probability p, with its interval and method.</summary>
    public LevelEstimate Quantile(double p)
    {
        var e = EmpiricalTail.Quantile(_sorted, p, _options.Confidence);
        if (e.BeyondUpper >= _options.MinEmpiricalExceedances && double.IsFinite(e.Upper))
        {
            return new LevelEstimate(p, e.Estimate, e.Lower, e.Upper, TailMethod.EmpiricalClopperPearson);
        }

        if (Pot is null || !(p < Pot.Zeta))
        {
            // No tail model: the distribution-free interval is all there is (its upper end may be unbounded, and a
            // point estimate beyond the data would be invented).
            return new LevelEstimate(p, double.IsFinite(e.Upper) ? e.Estimate : double.NaN, e.Lower, e.Upper, TailMethod.EmpiricalClopperPearson);
        }

        var r = Pot.ReturnLevel(p, _options.Confidence);
        double switchBound = _sorted[Math.Max(0, N - 1 - _options.MinEmpiricalExceedances)];
        return new LevelEstimate(p, r.Estimate, r.Lower, Math.Max(r.Upper, switchBound), p < ExtrapolationLimit ? TailMethod.Extrapolated : TailMethod.GpdPotProfile);
    }

    /// <summary>Smallest deadline whose upper bound on the miss probability is &lt;= P, with the quantile's interval.</summary>
    public SizedDeadline Size(double missProbability)
    {
        if (!(missProbability > 0 && missProbability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(missProbability), missProbability, "P must be in (0, 1)");
        }

        var q = Quantile(missProbability);
        return new SizedDeadline(q.UpperUs, q.LowerUs, q.UpperUs, q.Method, q.TimeUs);
    }

    public TailReport Report(TailQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.DeadlineUs is null && query.MissProb is null)
        {
            throw new ArgumentException("give a deadline, a miss probability, or both", nameof(query));
        }

        SizedDeadline? sized = query.MissProb is double target ? Size(target) : null;
        double deadline = query.DeadlineUs ?? sized!.Value;
        return new TailReport(
            N,
            deadline,
            MissProbability(deadline),
            sized,
            _options.Levels.Select(Quantile).ToArray(),
            Diagnostics(deadline))
        {
            Threshold = Threshold,
        };
    }

    public TailDiagnostics Diagnostics(double deadlineUs) =>
        new(Independence(), IdenticalDistribution(), TailFit(deadlineUs), TailModes());

    /// <summary>
    /// Ljung-Box on ranks (lags 1..k) and runs test about the median, combined by Bonferroni: p = min(1, 2·min(p1, p2)).
    /// Both are rank-based, so the heavy tails this analysis exists for cannot fail them on their own (see LjungBox).
    /// </summary>
    public DiagnosticVerdict Independence()
    {
        var lb = LjungBox.OnRanks(_original, _options.LjungBoxLags);
        var runs = RunsTest.AboutMedian(_original);
        double p = Math.Min(1, 2 * Math.Min(lb.P, runs.P));
        return new DiagnosticVerdict($"{lb.Test}+runs(median), bonferroni", p, p >= _options.DiagnosticLevel);
    }

    /// <summary>Two-sample KS of the first half of the runs against the second half.</summary>
    public DiagnosticVerdict IdenticalDistribution()
    {
        int half = _original.Length / 2;
        var ks = KolmogorovSmirnov.TwoSample(_original.AsSpan(0, half), _original.AsSpan(half));
        return new DiagnosticVerdict("kolmogorov-smirnov-2(first half vs second half)", ks.P, ks.P >= _options.DiagnosticLevel);
    }

    public TailFitVerdict TailFit(double deadlineUs)
    {
        if (Threshold is null)
        {
            return new TailFitVerdict(
                "none", double.NaN, false, double.NaN, double.NaN, double.NaN, 0, false,
                $"no candidate threshold: a GPD fit needs at least {_options.Pot.MinExceedances} values above the 0.80 quantile or higher",
                Array.Empty<ThresholdSensitivity>());
        }

        var c = Threshold.Selected;
        var ad = c.AndersonDarling!;
        bool pass = Threshold.RuleSatisfied && ad.P >= _options.Pot.TestLevel && c.Model.Gpd.Converged;
        string test = string.Create(
            CultureInfo.InvariantCulture,
            $"anderson-darling(gpd excesses, parametric bootstrap B={ad.Replicates}, draws of {ad.BootstrapSampleSize})");
        var sensitivity = Threshold.Neighbours
            .Select(nb => new ThresholdSensitivity(nb.Threshold, nb.NExceed, nb.Xi, nb.Sigma, PointMissProbability(nb.Model, deadlineUs)))
            .ToArray();
        string note = c.Model.Gpd.Converged ? Threshold.Note : Threshold.Note + "; the GPD optimiser did not converge";
        return new TailFitVerdict(test, ad.P, pass, c.Threshold, c.Xi, c.Sigma, c.NExceed, Threshold.RuleSatisfied, note, sensitivity);
    }

    /// <summary>
    /// Gap test at the chosen threshold decides pass (p &gt;= 0.01); the note also reports a gap at any lower
    /// candidate, i.e. a second mode the chosen threshold has stepped over (then the fit covers only the upper mode).
    /// </summary>
    public TailModesVerdict TailModes()
    {
        const string test = "max normalised spacing of GPD-transformed exceedances (upper half), renyi";
        if (Threshold is null)
        {
            return new TailModesVerdict(test, false, "not tested: no tail model", double.NaN);
        }

        var ci = CultureInfo.InvariantCulture;
        var gap = Threshold.Selected.Gap;
        double level = _options.Pot.GapTestLevel;
        bool pass = gap.P >= level;
        string note = pass
            ? string.Format(ci, "no second mode among the {0} exceedances (largest gap {1:G6}-{2:G6} us, p = {3:G3})", Threshold.Selected.NExceed, gap.GapFromUs, gap.GapToUs, gap.P)
            : string.Format(ci, "second mode: {0} exceedances lie above a gap {1:G6}-{2:G6} us (p = {3:G3}); the GPD fit mixes two populations and its extrapolation is not trustworthy", gap.PointsAboveGap, gap.GapFromUs, gap.GapToUs, gap.P);
        var below = Threshold.Candidates.Take(Threshold.SelectedIndex).Where(c => c.Gap.P < level).MinBy(c => c.Gap.P);
        if (pass && below is not null)
        {
            note += string.Format(
                ci,
                "; below the threshold a second mode is visible ({0} values above a gap {1:G6}-{2:G6} us at threshold {3:G6} us, p = {4:G3}): the tail model describes only the upper mode",
                below.Gap.PointsAboveGap, below.Gap.GapFromUs, below.Gap.GapToUs, below.Threshold, below.Gap.P);
        }

        return new TailModesVerdict(test, pass, note, gap.P);
    }

    private double PointMissProbability(PotModel model, double deadlineUs) =>
        deadlineUs > model.Threshold
            ? model.TailProbabilityEstimate(deadlineUs)
            : (double)EmpiricalQuantile.CountAbove(_sorted, deadlineUs) / N;
}

/// <summary>One-call entry point: <c>TailAnalysis.Analyze(samples, TailQuery.ForDeadline(20000))</c>.</summary>
public static class TailAnalysis
{
    public static TailReport Analyze(ReadOnlySpan<double> samples, TailQuery query, TailOptions? options = null) =>
        new TailAnalyzer(samples, options).Report(query);
}
