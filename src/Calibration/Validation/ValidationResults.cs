using XenSwitchSim.Calibration.Statistics;

namespace XenSwitchSim.Calibration.Validation;

/// <summary>What <c>validate</c> does, beyond the model and the sets.</summary>
public sealed record ValidateOptions
{
    /// <summary>Predicted replications = measured runs x this.</summary>
    public int RunsFactor { get; init; } = 10;

    /// <summary>Summary-only sets (n = 5 or 50) need enough draws for the p0.5/p99.5 of n draws: at least this many.</summary>
    public int MinPredictedRunsForSummaries { get; init; } = 2000;

    public ulong Seed { get; init; } = 1;

    /// <summary>Family-wise error level of the whole validation (Bonferroni over scenarios, metrics and tests).</summary>
    public double Alpha { get; init; } = 0.05;

    public int Threads { get; init; }

    /// <summary>
    /// The prediction's streams: never those of a set emitted with the same seed, so a model
    /// validated against its own emission is compared with an independent sample, not with itself.
    /// </summary>
    public ulong PredictionSeed => Seed ^ 0x9E37_79B9_7F4A_7C15UL;
}

/// <summary>A test that failed: which, on which metric, its p and the level it was held to.</summary>
public sealed record Failure(string Test, string Metric, double P, double Threshold);

/// <summary>An estimate with a 95% interval (bounds may be infinite: not enough runs to bound it).</summary>
public sealed record Estimate(double Value, double Lower, double Upper);

/// <summary>Measured against predicted for one location statistic (mean, p50 or p99).</summary>
public sealed record LocationComparison(
    Estimate Measured,
    Estimate Predicted,
    double RelativeError,
    Estimate? Difference,
    string? Test,
    double? P);

/// <summary>One metric (a total or a phase) of a scenario with raw runs.</summary>
public sealed record MetricComparison(
    string Metric,
    SummaryStats Measured,
    SummaryStats Predicted,
    LocationComparison Mean,
    LocationComparison P50,
    LocationComparison P99,
    KsSummary? Ks,
    AdSummary? Ad,
    BinomialTestResult? ExceedP99,
    BinomialTestResult? BelowP50,
    IReadOnlyList<int> Pit,
    double Threshold,
    IReadOnlyList<Failure> Failures)
{
    public string Verdict => VerdictText.Of(Failures);

    /// <summary>The measured runs compared (us, finite), for pictures (QQ plots); not part of the JSON.</summary>
    public IReadOnlyList<double> MeasuredUs { get; init; } = [];

    /// <summary>The predictive sample compared (us, finite), for pictures; not part of the JSON.</summary>
    public IReadOnlyList<double> PredictedUs { get; init; } = [];
}

/// <summary>One total of a summary-only scenario (the study's tables), judged by contracts.md section 5.</summary>
public sealed record SummaryMetricComparison(
    string Metric,
    Calibration.Measurements.OperationSummaryData Measured,
    SummaryStats? Predicted,
    double RelativeError,
    RuleResult? MeanRule,
    RuleResult? SpreadRule,
    RuleResult? RangeRule,
    IReadOnlyDictionary<string, (double Measured, double Predicted)> PhaseMeansUs,
    IReadOnlyList<Failure> Failures)
{
    public string Verdict => VerdictText.Of(Failures);
}

/// <summary>A section 5 criterion: pass, and the bounds the measured value was held to.</summary>
public sealed record RuleResult(bool Pass, double Value, double Lower, double Upper, string Note);

public sealed record ScenarioValidation
{
    public required string Name { get; init; }

    public string? Location { get; init; }

    public required string Kind { get; init; }

    /// <summary>Measured runs (raw: rows; summary: the table's n of the first operation).</summary>
    public required int NMeasured { get; init; }

    public required int NPredicted { get; init; }

    public IReadOnlyList<MetricComparison> Metrics { get; init; } = [];

    public IReadOnlyList<SummaryMetricComparison> SummaryMetrics { get; init; } = [];

    /// <summary>Operations the model cannot run here, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Infeasible { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public IReadOnlyList<Failure> Failures =>
    [
        .. Infeasible.Select(kv => new Failure("infeasible", kv.Key, 0, 0)),
        .. Metrics.SelectMany(m => m.Failures),
        .. SummaryMetrics.SelectMany(m => m.Failures),
    ];

    public string Verdict => VerdictText.Of(Failures);
}

public sealed record ValidationReport(
    string Model,
    string ModelSha256,
    ValidateOptions Options,
    IReadOnlyList<ScenarioValidation> Scenarios)
{
    public string Verdict
    {
        get
        {
            var bad = Scenarios.Where(s => s.Failures.Count > 0).ToList();
            return bad.Count == 0
                ? VerdictText.Agrees
                : "disagrees: " + string.Join("; ", bad.Select(s => $"{s.Name}: {VerdictText.List(s.Failures)}"));
        }
    }

    public bool Agrees => Scenarios.All(s => s.Failures.Count == 0);
}

public static class VerdictText
{
    public const string Agrees = "agrees";

    public static string Of(IReadOnlyList<Failure> failures) =>
        failures.Count == 0 ? Agrees : "disagrees: " + List(failures);

    public static string List(IEnumerable<Failure> failures) =>
        string.Join("; ", failures.Select(f => $"{f.Test}, {f.Metric}"));
}
