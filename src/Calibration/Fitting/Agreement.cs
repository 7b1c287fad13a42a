using MathNet.Numerics.Distributions;
using XenSwitchSim.Calibration.Reference;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>One criterion's verdict: null when the study gives nothing to judge it on.</summary>
public sealed record Verdict(bool? Mean, bool? Spread, bool? Range, bool? SpreadBySubsamples = null)
{
    public bool Agrees => Mean != false && Spread != false && Range != false;
}

/// <summary>A phase's measured and simulated mean, with its tolerance.</summary>
public sealed record PhaseAgreement(string Phase, double MeasuredUs, double SimulatedUs, double ToleranceUs)
{
    public bool Agrees => Math.Abs(SimulatedUs - MeasuredUs) <= ToleranceUs;
    public double RelativeError => MeasuredUs == 0 ? double.NaN : (SimulatedUs - MeasuredUs) / MeasuredUs;
}

/// <summary>contracts.md section 5 for one operation of one row.</summary>
public sealed record OpAgreement(RowTarget Row, Operation Op, OpTarget Measured, SimulatedOp Simulated, Verdict Verdict,
    double SpreadLowUs2, double SpreadHighUs2, double RangeLowUs, double RangeHighUs, IReadOnlyList<PhaseAgreement> Phases)
{
    public double RelativeError => (Simulated.Mean - Measured.MeanUs) / Measured.MeanUs;
}

/// <summary>
/// The noise-aware agreement rule of contracts.md section 5: the mean within max(10%, 2 SE),
/// the measured sample variance inside the 95% chi-square(n-1) band of the simulated variance,
/// and the measured min and max inside the simulated p0.5-p99.5 range for n draws. The simulated
/// distribution is the typical one (below the multi-second mode, which none of the tables'
/// rows contains; its rate is judged separately). The range is not judged when the simulated runs
/// are too few to resolve the p0.5 of the minimum of n draws (fewer than 1 / (1 - 0.995^(1/n)):
/// 1000 for the study's n = 5, 20,000 for a 100-run set). Phases have no spread in the tables: a phase
/// agrees within max(10%, 2 SE of the total, 2 x the sampler's quantisation SE 4067/sqrt(12 n)).
/// </summary>
public static class Agreement
{
    public static OpAgreement Judge(SimulatedRow sim, Operation op)
    {
        var t = sim.Row.Target(op);
        var s = sim.Of(op);
        bool? mean = double.IsFinite(s.Mean) ? Math.Abs(s.Mean - t.MeanUs) <= t.MeanToleranceUs : false;
        bool? spread = null;
        double lo = double.NaN, hi = double.NaN, rlo = double.NaN, rhi = double.NaN;
        if (t.SampleVarianceUs2 is { } v)
        {
            var dof = t.N - 1;
            lo = s.SampleVariance * ChiSquared.InvCDF(dof, 0.025) / dof;
            hi = s.SampleVariance * ChiSquared.InvCDF(dof, 0.975) / dof;
            spread = v >= lo && v <= hi;
        }
        bool? range = null;
        // The p0.5 of the min of n draws is the simulated quantile 1 - 0.995^(1/n) (5e-5 for n = 100):
        // with fewer than 1/q simulated runs it is just the simulated extreme, so the range is not judged (n/a).
        if (t.MinUs is { } min && t.MaxUs is { } max && (1 - Math.Pow(0.995, 1.0 / t.N)) * s.Sorted.Length >= 1)
        {
            (rlo, rhi) = s.RangeFor(t.N);
            range = min >= rlo && max <= rhi;
        }
        var quant = 2 * 4067 / Math.Sqrt(12.0 * t.N);
        var phases = t.PhasesUs.Where(kv => s.PhasesUs.ContainsKey(kv.Key)).Select(kv => new PhaseAgreement(kv.Key, kv.Value, s.PhasesUs[kv.Key],
            Math.Max(Math.Max(0.1 * kv.Value, 2 * t.StandardErrorUs), quant))).ToList();
        bool? sub = null;
        if (t.SampleVarianceUs2 is { } v2 && s.Sorted.Length >= t.N)
        {
            var (a, b) = SubsampleVarianceBand(s.Sorted, t.N);
            sub = v2 >= a && v2 <= b;
        }
        return new OpAgreement(sim.Row, op, t, s, new Verdict(mean, spread, range, sub), lo, hi, rlo, rhi, phases);
    }

    /// <summary>
    /// The p2.5-p97.5 of the sample variance of n draws from the simulated runs (4000 resamples,
    /// fixed stream): the spread check without the normal theory behind the chi-square band,
    /// which a rare outlier mode breaks (most 5-run samples have no outlier and a small variance).
    /// </summary>
    public static (double Low, double High) SubsampleVarianceBand(double[] sims, int n)
    {
        var rng = Simulator.Engine.RandomStream.For(1, 0, "agreement/subsample");
        var v = new double[4000];
        var x = new double[n];
        for (var k = 0; k < v.Length; k++)
        {
            double m = 0;
            for (var i = 0; i < n; i++) { x[i] = sims[rng.NextLong(sims.Length)]; m += x[i]; }
            m /= n;
            double ss = 0;
            for (var i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
            v[k] = ss / (n - 1);
        }
        Array.Sort(v);
        return (v[(int)(0.025 * v.Length)], v[(int)(0.975 * v.Length) - 1]);
    }

    public static IEnumerable<OpAgreement> JudgeAll(IEnumerable<SimulatedRow> rows) =>
        rows.SelectMany(r => r.Row.Ops.Select(t => Judge(r, t.Op)));
}
