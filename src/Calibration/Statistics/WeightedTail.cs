using System.Globalization;
using System.Text.Json.Serialization;
using MathNet.Numerics.Distributions;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>What the importance-sampled runs say about themselves (an addition to the deadline JSON).</summary>
public sealed record ImportanceSamplingSummary(
    [property: JsonPropertyName("tilt")] string Tilt,
    [property: JsonPropertyName("mean_weight")] Interval MeanWeight,
    [property: JsonPropertyName("effective_sample_size")] double EffectiveSampleSize,
    [property: JsonPropertyName("hits")] int Hits,
    [property: JsonPropertyName("effective_hits")] double EffectiveHits,
    [property: JsonPropertyName("brute_force_equivalent_runs")] double BruteForceEquivalentRuns);

/// <summary>
/// Tail estimates from importance-sampled runs: value x_i with likelihood-ratio weight w_i. The survival function is
/// S(d) = (1/n) Σ w_i 1{x_i &gt; d}, unbiased; its interval is S ± z·se with se the standard error of the mean of
/// w_i 1{x_i &gt; d} (CLT; reliable with about 10 or more hits, which the diagnostics report). A quantile's interval
/// inverts the pointwise interval of S: its upper end is the smallest sampled value beyond which even the upper bound
/// of S is within the level (unbounded when fewer than MinHits sampled values lie beyond it). Method "importance-sampling" (an addition to the
/// contract's three names).
/// </summary>
public sealed class WeightedTail
{
    public const string Method = "importance-sampling";
    public const int MinHits = 10;

    private readonly double[] _desc;     // values, descending
    private readonly double[] _cumW;     // cumulative weight of the top k (k = index + 1)
    private readonly double[] _cumW2;
    private readonly double _z;
    private readonly double[] _x;
    private readonly double[] _w;

    public WeightedTail(double[] x, double[] w, double confidence = 0.95)
    {
        if (x.Length != w.Length || x.Length < 10) throw new ArgumentException("need at least 10 weighted samples of equal length");
        _x = x;
        _w = w;
        N = x.Length;
        _z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        var order = Enumerable.Range(0, N).OrderByDescending(i => x[i]).ThenBy(i => i).ToArray();
        _desc = order.Select(i => x[i]).ToArray();
        _cumW = new double[N];
        _cumW2 = new double[N];
        double a = 0, b = 0;
        for (int k = 0; k < N; k++)
        {
            a += w[order[k]];
            b += w[order[k]] * w[order[k]];
            _cumW[k] = a;
            _cumW2[k] = b;
        }
    }

    public int N { get; }

    /// <summary>Survival estimate and its interval from the top k values (k values strictly above the point).</summary>
    private (double S, double Lo, double Hi) Survival(int k)
    {
        if (k == 0) return (0, 0, double.NaN);
        double s = _cumW[k - 1] / N;
        double var = Math.Max(0, (_cumW2[k - 1] - N * s * s) / (N - 1));
        double se = Math.Sqrt(var / N);
        return (s, Math.Max(0, s - _z * se), s + _z * se);
    }

    private int CountAbove(double d)
    {
        int lo = 0, hi = N; // first index with _desc[i] <= d
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (_desc[mid] > d) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    public int Hits(double d) => CountAbove(d);

    /// <summary>P(T &gt; d). No sampled value beyond d: estimate 0 and an unbounded upper end (nothing was seen there).</summary>
    public MethodEstimate MissProbability(double d)
    {
        var (s, lo, hi) = Survival(CountAbove(d));
        return new MethodEstimate(s, lo, hi, Method);
    }

    /// <summary>
    /// The time exceeded with probability p. Exactly k sampled values lie strictly above desc[k]; the estimate is
    /// desc[k] for the largest k whose S is within p (plug-in quantile), the upper end the same with S's upper bound
    /// (unbounded when even the largest value alone puts the bound above p), the lower end with S's lower bound.
    /// </summary>
    public LevelEstimate Quantile(double p)
    {
        int Last(Func<(double S, double Lo, double Hi), double> f)
        {
            for (int k = 1; k <= N; k++)
                if (!(f(Survival(k)) <= p)) return k - 1;
            return N - 1;
        }
        int kEst = Last(v => v.S), kLo = Last(v => v.Lo), kHi = Last(v => v.Hi);
        // Fewer than MinHits sampled values beyond the upper end: the CLT bound there is not to be trusted.
        double upper = kHi < MinHits ? double.PositiveInfinity : _desc[kHi];
        return new LevelEstimate(p, _desc[kEst], _desc[kLo], upper, Method);
    }

    public SizedDeadline Size(double p)
    {
        var q = Quantile(p);
        return new SizedDeadline(q.UpperUs, q.LowerUs, q.UpperUs, Method, q.TimeUs);
    }

    public ImportanceSamplingSummary Summary(double deadline, string tilt)
    {
        double mean = _w.Average();
        double sd = Math.Sqrt(_w.Sum(v => (v - mean) * (v - mean)) / (N - 1));
        double half = _z * sd / Math.Sqrt(N);
        double ess = _cumW[N - 1] * _cumW[N - 1] / _cumW2[N - 1];
        int k = CountAbove(deadline);
        double essHits = k == 0 ? 0 : _cumW[k - 1] * _cumW[k - 1] / _cumW2[k - 1];
        // Runs of plain sampling that would give the same variance at the deadline: p(1-p) / se^2.
        var (sv, lo, hi) = Survival(k);
        double se = (hi - sv) / _z;
        double equivalent = k > 0 && se > 0 ? sv * (1 - sv) / (se * se) : double.NaN;
        return new ImportanceSamplingSummary(tilt, new Interval(mean, mean - half, mean + half), ess, k, essHits, equivalent);
    }

    /// <summary>
    /// The contract's report: miss probability, sizing and levels from the weighted runs; independence and identical
    /// distribution of the (tilted) runs as usual; tail_fit is the check of the weights (mean weight's interval covers
    /// 1, at least 10 hits at the deadline); tail_modes is not tested (no tail model).
    /// </summary>
    public TailReport Report(TailQuery query, string tilt, TailOptions? options = null)
    {
        options ??= new TailOptions();
        SizedDeadline? sized = query.MissProb is double p ? Size(p) : null;
        double d = query.DeadlineUs ?? sized!.Value;
        var miss = MissProbability(d);
        var levels = options.Levels.Select(Quantile).ToArray();
        var iid = new TailAnalyzer(_x, options with { Pot = options.Pot with { MinExceedances = int.MaxValue / 4 } });
        var s = Summary(d, tilt);
        bool weightsOk = s.MeanWeight.Contains(1) && s.Hits >= MinHits;
        var ci = CultureInfo.InvariantCulture;
        var note = string.Format(ci, "importance sampling ({0}): mean weight {1:G4} [{2:G4}, {3:G4}] (should cover 1), effective sample size {4:G4} of {5}, {6} tilted runs beyond the deadline (effective {7:G3}), as precise there as {9:G3} plain runs{8}",
            tilt, s.MeanWeight.Estimate, s.MeanWeight.Lower, s.MeanWeight.Upper, s.EffectiveSampleSize, N, s.Hits, s.EffectiveHits,
            s.Hits < MinHits ? "; fewer than 10 hits: the CLT interval is not reliable" : "", s.BruteForceEquivalentRuns);
        var fit = new TailFitVerdict("importance-sampling weights (mean weight covers 1, >= 10 hits)", double.NaN, weightsOk,
            double.NaN, double.NaN, double.NaN, s.Hits, weightsOk, note, []);
        var modes = new TailModesVerdict("not tested (importance sampling: no tail model)", true, "the weighted empirical tail needs no threshold or shape", double.NaN);
        return new TailReport(N, d, miss, sized, levels, new TailDiagnostics(iid.Independence(), iid.IdenticalDistribution(), fit, modes));
    }
}
