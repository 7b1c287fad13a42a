using MathNet.Numerics.Distributions;
using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Experiments;

namespace XenSwitchSim.Calibration.Validation;

/// <summary>
/// <c>validate</c>: simulates each measured scenario with the set's parameters and compares.
/// <para>
/// Raw sets: per metric (each operation's observed total and each of its phases, derived from ticks
/// exactly as the measurements are: the prediction goes through the same probes, tick rounding and
/// arithmetic), STATS of both sides; mean, p50 and p99 with 95% intervals (t interval; order-statistic
/// intervals for quantiles); five tests: Welch's t on the mean, a sign test of the measured runs against
/// the predicted median, the count of measured runs beyond the predicted p99 (exact under exchangeability),
/// two-sample Kolmogorov-Smirnov and Anderson-Darling; and the PIT histogram (10 bins). Each test is held
/// to alpha / (scenarios x tests in the scenario) (Bonferroni), so a correct model is wrongly rejected
/// with probability at most alpha over the whole run.
/// </para>
/// <para>
/// Summary-only sets (the study's tables): contracts.md section 5 on each total (mean within
/// max(10%, 2 SE); the measured sample variance inside the 95% chi-square band of the predicted variance
/// for n-1 degrees of freedom; measured min and max inside the predicted p0.5-p99.5 of the min and max
/// of n draws), phase means beside them.
/// </para>
/// </summary>
public static class Validator
{
    public static readonly IReadOnlyList<string> Tests = ["mean", "p50", "exceed_p99", "ks", "ad"];

    public static ValidationReport Run(ModelDefinition model, IReadOnlyList<MeasurementSet> sets, ValidateOptions? options = null,
        IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        options ??= new ValidateOptions();
        if (sets.Count == 0) throw new ArgumentException("no measurement sets", nameof(sets));
        var scenarios = new List<ScenarioValidation>();
        var alphaPerScenario = options.Alpha / sets.Count;
        for (var i = 0; i < sets.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            scenarios.Add(One(model, sets[i], options, alphaPerScenario, cancel));
            progress?.Report(i + 1);
        }

        return new ValidationReport(model.Name, model.Sha256, options, scenarios);
    }

    public static ScenarioValidation One(ModelDefinition model, MeasurementSet set, ValidateOptions options, double alpha, CancellationToken cancel = default)
    {
        var resolved = ScenarioResolver.Resolve(model, null, set.Meta.Assignments);
        var s = ResolvedScenario.From(model, resolved.Parameters);
        var warnings = Consistency(model, set);
        var ops = set.Ops;
        var nMeasured = ops.Select(set.Count).DefaultIfEmpty(0).Max();
        var runs = Math.Max(1, nMeasured) * options.RunsFactor;
        if (set.IsSummaryOnly) runs = Math.Max(runs, options.MinPredictedRunsForSummaries);

        var infeasible = new Dictionary<string, string>();
        if (s.Infeasible is { } why)
        {
            foreach (var op in ops.Where(o => o != MeasurementOp.Switch)) infeasible[op.Name()] = why;
        }

        if (ops.Contains(MeasurementOp.Switch) && (s.SwitchInfeasible ?? s.Infeasible) is { } whySwitch)
        {
            infeasible["switch"] = whySwitch;
        }

        var feasibleOps = ops.Where(o => !infeasible.ContainsKey(o.Name())).ToList();
        var reps = feasibleOps.Count == 0
            ? []
            : ProbeCapture.Run(s, runs, options.PredictionSeed, options.Threads, null,
                pauseUnpause: feasibleOps.Any(o => o != MeasurementOp.Switch),
                @switch: feasibleOps.Contains(MeasurementOp.Switch), cancel: cancel);
        var predictedRows = ProbeCapture.ToRuns(reps, model.Platform.CounterHz);
        OperationSamples Predicted(MeasurementOp op) =>
            OperationSamples.From(predictedRows.Where(r => r.Op == op), op, model.Platform.CounterHz);

        var parameters = resolved.Parameters.ToDictionary();
        if (set.IsSummaryOnly)
        {
            var metrics = feasibleOps.Select(op => CompareSummary(op, set.Summaries[op], Predicted(op))).ToList();
            return new ScenarioValidation
            {
                Name = set.Name, Location = set.Location, Kind = "summary", NMeasured = nMeasured, NPredicted = runs,
                SummaryMetrics = metrics, Infeasible = infeasible, Warnings = warnings, Parameters = parameters,
            };
        }

        // Pairs of (metric name, measured, predicted) with enough measured values to test.
        var pairs = new List<(string Name, double[] Measured, double[] Predicted)>();
        foreach (var op in feasibleOps)
        {
            var m = set.Samples(op);
            var p = Predicted(op);
            Add(pairs, op.Name(), m.TotalUs, p.TotalUs, warnings);
            foreach (var phase in MeasuredPhases.Of(op))
            {
                Add(pairs, $"{op.Name()}.{phase}", m.PhasesUs[phase], p.PhasesUs[phase], warnings);
            }
        }

        var threshold = pairs.Count == 0 ? alpha : alpha / (pairs.Count * Tests.Count);
        var compared = pairs.Select(x => CompareRaw(x.Name, x.Measured, x.Predicted, threshold)).ToList();
        return new ScenarioValidation
        {
            Name = set.Name, Location = set.Location, Kind = "raw", NMeasured = nMeasured, NPredicted = runs,
            Metrics = compared, Infeasible = infeasible, Warnings = warnings, Parameters = parameters,
        };
    }

    private static void Add(List<(string, double[], double[])> pairs, string name, double[] measured, double[] predicted, List<string> warnings)
    {
        var m = OperationSamples.Finite(measured);
        var p = OperationSamples.Finite(predicted);
        if (m.Length < 2)
        {
            if (measured.Length > 0) warnings.Add($"{name}: {m.Length} measured run(s) with both probes; not compared");
            return;
        }

        if (p.Length < 2)
        {
            warnings.Add($"{name}: the model completed {p.Length} prediction(s); not compared");
            return;
        }

        if (m.Length < measured.Length) warnings.Add($"{name}: {measured.Length - m.Length} of {measured.Length} measured runs lack a probe and are left out");
        pairs.Add((name, m, p));
    }

    private static List<string> Consistency(ModelDefinition model, MeasurementSet set)
    {
        var w = new List<string>();
        static string MajorMinor(string v) => string.Join('.', v.Split('.', '-', '+').Take(2));
        if (MajorMinor(set.Meta.XenVersion) != MajorMinor(model.Platform.XenVersion))
        {
            w.Add($"measured on Xen {set.Meta.XenVersion}, model '{model.Name}' is Xen {model.Platform.XenVersion}");
        }

        if (set.Meta.Pcpus != model.Platform.Pcpus)
        {
            w.Add($"measured with {set.Meta.Pcpus} pCPUs, model '{model.Name}' has {model.Platform.Pcpus}");
        }

        if (set.Meta.Arch is { } arch && arch != (model.Platform.Arch == Models.Platform.CpuArch.Arm64 ? "arm64" : "x86_64"))
        {
            w.Add($"measured on {arch}, model '{model.Name}' is {model.Platform.Arch}");
        }

        return w;
    }

    // ---------------- raw sets ----------------

    public static MetricComparison CompareRaw(string metric, double[] measured, double[] predicted, double threshold)
    {
        var ms = SummaryStats.Compute(measured);
        var ps = SummaryStats.Compute(predicted);
        var check = PredictiveCheck.Compare(measured, predicted);
        var mean = CompareMeans(ms, ps);
        var sortedM = EmpiricalQuantile.SortedCopy(measured);
        var sortedP = EmpiricalQuantile.SortedCopy(predicted);
        var below = SignTest(sortedM, ps.P50Us);
        var p50 = new LocationComparison(QuantileEstimate(sortedM, 0.5), QuantileEstimate(sortedP, 0.5),
            Relative(ps.P50Us, ms.P50Us), null, "sign test of the measured runs against the predicted median", below.P);
        var p99 = new LocationComparison(QuantileEstimate(sortedM, 0.99), QuantileEstimate(sortedP, 0.99),
            Relative(ps.P99Us, ms.P99Us), null, "measured runs beyond the predicted p99, exact under exchangeability (the predictive sample's size counted)", check.ExceedP99.P);

        var failures = new List<Failure>();
        void Judge(string test, double p)
        {
            // NaN: the statistic is undefined because every pooled value ties (AD's variance is 0), i.e. both
            // samples are the same point mass: nothing to reject.
            if (double.IsNaN(p)) return;
            if (p <= threshold) failures.Add(new Failure(test, metric, p, threshold));
        }

        Judge("mean", mean.P ?? 1);
        Judge("p50", below.P);
        Judge("exceed_p99", check.ExceedP99.P);
        Judge("ks", check.Ks.P);
        Judge("ad", check.Ad.P);
        return new MetricComparison(metric, ms, ps, mean, p50, p99, check.Ks, check.Ad, check.ExceedP99, below, check.Pit, threshold, failures)
        {
            MeasuredUs = measured,
            PredictedUs = predicted,
        };
    }

    private static double Relative(double predicted, double measured) =>
        measured == 0 ? (predicted == 0 ? 0 : double.NaN) : (predicted - measured) / Math.Abs(measured);

    /// <summary>Welch's two-sample t: the difference predicted - measured with its 95% interval and the two-sided p.</summary>
    public static LocationComparison CompareMeans(SummaryStats m, SummaryStats p)
    {
        var diff = p.MeanUs - m.MeanUs;
        var vm = m.N > 1 ? m.SampleVarianceUs2 / m.N : 0;
        var vp = p.N > 1 ? p.SampleVarianceUs2 / p.N : 0;
        var se = Math.Sqrt(vm + vp);
        double pValue;
        Estimate difference;
        if (!(se > 0))
        {
            pValue = Math.Abs(diff) <= 1e-9 * Math.Max(1, Math.Abs(m.MeanUs)) ? 1 : 0;
            difference = new Estimate(diff, diff, diff);
        }
        else
        {
            var df = (vm + vp) * (vm + vp) / ((m.N > 1 ? vm * vm / (m.N - 1) : 0) + (p.N > 1 ? vp * vp / (p.N - 1) : 0));
            if (!double.IsFinite(df) || df < 1) df = 1;
            var t = diff / se;
            pValue = 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(t)));
            if (pValue < 1e-300) pValue = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
            var half = StudentT.InvCDF(0, 1, df, 0.975) * se;
            difference = new Estimate(diff, diff - half, diff + half);
        }

        return new LocationComparison(
            new Estimate(m.MeanUs, m.MeanCi95Us.Lower, m.MeanCi95Us.Upper),
            new Estimate(p.MeanUs, p.MeanCi95Us.Lower, p.MeanCi95Us.Upper),
            Relative(p.MeanUs, m.MeanUs), difference, "Welch's t on the difference of means", Math.Clamp(pValue, 0, 1));
    }

    /// <summary>
    /// The R-7 quantile with a distribution-free 95% interval [x_(l), x_(u)] from Binomial(n, q)
    /// (infinite where n is too small to bound it).
    /// </summary>
    public static Estimate QuantileEstimate(double[] sorted, double q)
    {
        var n = sorted.Length;
        var value = EmpiricalQuantile.R7(sorted, q);
        // Smallest l with P(B <= l-1) >= 0.025 is the lower order statistic's rank; similarly for u.
        var l = BinomialQuantile(n, q, 0.025);      // rank (1-based) of the lower bound = l
        var u = BinomialQuantile(n, q, 0.975) + 1;  // rank of the upper bound
        var lower = l >= 1 ? sorted[l - 1] : double.NegativeInfinity;
        var upper = u <= n ? sorted[u - 1] : double.PositiveInfinity;
        return new Estimate(value, Math.Min(lower, value), Math.Max(upper, value));
    }

    /// <summary>Smallest k in 0..n with P(Binomial(n, q) &lt;= k) &gt;= level.</summary>
    private static int BinomialQuantile(int n, double q, double level)
    {
        int lo = 0, hi = n;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Binomial.CDF(q, n, mid) >= level) hi = mid;
            else lo = mid + 1;
        }

        return lo;
    }

    /// <summary>Measured runs below the predicted median against Binomial(n', 0.5), ties left out (the sign test).</summary>
    public static BinomialTestResult SignTest(double[] sortedMeasured, double predictedMedian)
    {
        int below = 0, above = 0;
        foreach (var x in sortedMeasured)
        {
            if (x < predictedMedian) below++;
            else if (x > predictedMedian) above++;
        }

        var n = below + above;
        return n == 0 ? new BinomialTestResult(0, 0, 1) : BinomialTest.TwoSided(below, n, 0.5);
    }

    // ---------------- summary-only sets ----------------

    public static SummaryMetricComparison CompareSummary(MeasurementOp op, OperationSummaryData m, OperationSamples predicted)
    {
        var metric = op.Name();
        var p = OperationSamples.Finite(predicted.TotalUs);
        var phases = new Dictionary<string, (double, double)>();
        foreach (var (name, meanUs) in m.PhaseMeansUs)
        {
            var pp = predicted.PhasesUs.TryGetValue(name, out var xs) ? OperationSamples.Finite(xs) : [];
            phases[name] = (meanUs, pp.Length == 0 ? double.NaN : pp.Average());
        }

        if (p.Length < 2)
        {
            return new SummaryMetricComparison(metric, m, null, double.NaN, null, null, null, phases,
                [new Failure("predicted", metric, 0, 0)]);
        }

        var ps = SummaryStats.Compute(p);
        var failures = new List<Failure>();

        // Mean: |sim - meas| <= max(10% of meas, 2 SE), SE = sqrt(var_pop / (n - 1)).
        var se = m.VariancePopUs2 is { } vp && m.N > 1 ? Math.Sqrt(vp / (m.N - 1)) : 0;
        var tol = Math.Max(0.1 * m.MeanUs, 2 * se);
        var meanRule = new RuleResult(Math.Abs(ps.MeanUs - m.MeanUs) <= tol, ps.MeanUs, m.MeanUs - tol, m.MeanUs + tol,
            se > 0 ? "predicted mean within max(10%, 2 SE) of the measured" : "predicted mean within 10% of the measured (the table gives no spread)");
        if (!meanRule.Pass) failures.Add(new Failure("mean", metric, 0, 0));

        RuleResult? spread = null;
        if (m.SampleVarianceUs2 is { } sv && m.N > 1)
        {
            var df = m.N - 1;
            var lo = ps.SampleVarianceUs2 * ChiSquared.InvCDF(df, 0.025) / df;
            var hi = ps.SampleVarianceUs2 * ChiSquared.InvCDF(df, 0.975) / df;
            spread = new RuleResult(sv >= lo && sv <= hi, sv, lo, hi, $"measured sample variance inside the 95% chi-square band of the predicted variance, {df} d.f.");
            if (!spread.Pass) failures.Add(new Failure("spread", metric, 0, 0));
        }

        RuleResult? range = null;
        if (m.MinUs is { } min && m.MaxUs is { } max)
        {
            var sorted = EmpiricalQuantile.SortedCopy(p);
            var lo = EmpiricalQuantile.R7(sorted, 1 - Math.Pow(0.995, 1.0 / m.N));
            var hi = EmpiricalQuantile.R7(sorted, Math.Pow(0.995, 1.0 / m.N));
            range = new RuleResult(min >= lo && max <= hi, max, lo, hi,
                $"measured min {min:F0} and max {max:F0} us inside the predicted p0.5 of the min and p99.5 of the max of {m.N} draws");
            if (!range.Pass) failures.Add(new Failure("range", metric, 0, 0));
        }

        return new SummaryMetricComparison(metric, m, ps, Relative(ps.MeanUs, m.MeanUs), meanRule, spread, range, phases, failures);
    }
}
