using System.Text.Json.Serialization;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// The deadline/tail JSON of contracts.md §3. metric and view are null (omitted) for the `tail` command.
/// Additions beyond the contract, all optional to read: sized_deadline_us.estimate, tail_fit.rule_satisfied /
/// note / sensitivity, tail_modes.p. JSON null stands for a non-finite number (e.g. an unbounded upper limit).
/// </summary>
public sealed record TailReport(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("deadline_us")] double DeadlineUs,
    [property: JsonPropertyName("miss_prob")] MethodEstimate MissProb,
    [property: JsonPropertyName("sized_deadline_us")] SizedDeadline? SizedDeadline,
    [property: JsonPropertyName("levels")] IReadOnlyList<LevelEstimate> Levels,
    [property: JsonPropertyName("diagnostics")] TailDiagnostics Diagnostics)
{
    [JsonPropertyName("metric")]
    [JsonPropertyOrder(-2)]
    public string? Metric { get; init; }

    [JsonPropertyName("view")]
    [JsonPropertyOrder(-1)]
    public string? View { get; init; }

    /// <summary>The threshold search behind the GPD numbers (not serialised; null when no candidate existed).</summary>
    [JsonIgnore]
    public ThresholdChoice? Threshold { get; init; }
}

/// <summary>
/// The deadline sized for a target miss probability P. Value is the smallest deadline whose upper confidence bound on
/// the miss probability is &lt;= P; by the duality of the intervals that is the upper end of the confidence interval
/// of the (1-P) quantile, so Value == Upper and Lower is that interval's lower end. Estimate is the quantile's point
/// estimate (the deadline at which the estimated, not the bounded, miss probability equals P).
/// </summary>
public sealed record SizedDeadline(
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("lower")] double Lower,
    [property: JsonPropertyName("upper")] double Upper,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("estimate")] double Estimate);

/// <summary>One row of the level table: the time exceeded with the given probability.</summary>
public sealed record LevelEstimate(
    [property: JsonPropertyName("exceedance")] double Exceedance,
    [property: JsonPropertyName("time_us")] double TimeUs,
    [property: JsonPropertyName("lower_us")] double LowerUs,
    [property: JsonPropertyName("upper_us")] double UpperUs,
    [property: JsonPropertyName("method")] string Method);

public sealed record TailDiagnostics(
    [property: JsonPropertyName("independence")] DiagnosticVerdict Independence,
    [property: JsonPropertyName("identical_distribution")] DiagnosticVerdict IdenticalDistribution,
    [property: JsonPropertyName("tail_fit")] TailFitVerdict TailFit,
    [property: JsonPropertyName("tail_modes")] TailModesVerdict TailModes);

public sealed record DiagnosticVerdict(
    [property: JsonPropertyName("test")] string Test,
    [property: JsonPropertyName("p")] double P,
    [property: JsonPropertyName("pass")] bool Pass);

public sealed record TailFitVerdict(
    [property: JsonPropertyName("test")] string Test,
    [property: JsonPropertyName("p")] double P,
    [property: JsonPropertyName("pass")] bool Pass,
    [property: JsonPropertyName("threshold_us")] double ThresholdUs,
    [property: JsonPropertyName("xi")] double Xi,
    [property: JsonPropertyName("sigma_us")] double SigmaUs,
    [property: JsonPropertyName("n_exceed")] int NExceed,
    [property: JsonPropertyName("rule_satisfied")] bool RuleSatisfied,
    [property: JsonPropertyName("note")] string Note,
    [property: JsonPropertyName("sensitivity")] IReadOnlyList<ThresholdSensitivity> Sensitivity);

/// <summary>The fit at a neighbouring candidate threshold and the miss probability it would give at the deadline.</summary>
public sealed record ThresholdSensitivity(
    [property: JsonPropertyName("threshold_us")] double ThresholdUs,
    [property: JsonPropertyName("n_exceed")] int NExceed,
    [property: JsonPropertyName("xi")] double Xi,
    [property: JsonPropertyName("sigma_us")] double SigmaUs,
    [property: JsonPropertyName("miss_prob")] double MissProb);

public sealed record TailModesVerdict(
    [property: JsonPropertyName("test")] string Test,
    [property: JsonPropertyName("pass")] bool Pass,
    [property: JsonPropertyName("note")] string Note,
    [property: JsonPropertyName("p")] double P);
