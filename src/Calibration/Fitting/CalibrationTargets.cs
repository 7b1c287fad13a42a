using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>The two environments of the study: old (Xen 4.13, Linux 4.19) and new (Xen 4.14, Linux 5.9).</summary>
public enum Env
{
    Old,
    New,
}

/// <summary>
/// What the study reports for one operation of one row: the mean (always), the population
/// variance, min and max (old environment only), the phase means, and the runs reconstructed
/// from mean, min, max and variance where the variance is within a few percent of its minimum
/// (data-insights.md section 2).
/// </summary>
public sealed record OpTarget(
    Operation Op,
    double MeanUs,
    double? VariancePopUs2,
    double? MinUs,
    double? MaxUs,
    int N,
    IReadOnlyDictionary<string, double> PhasesUs,
    IReadOnlyList<double>? ReconstructedRunsUs,
    bool PhasesDoubtful)
{
    public bool HasSpread => VariancePopUs2 is not null;

    /// <summary>sqrt(var_pop / (n - 1)) (contracts.md section 5); 0 when the study gives no spread.</summary>
    public double StandardErrorUs => VariancePopUs2 is { } v ? Math.Sqrt(v / (N - 1)) : 0;

    /// <summary>var_pop x n / (n - 1).</summary>
    public double? SampleVarianceUs2 => VariancePopUs2 is { } v ? v * N / (N - 1) : null;

    /// <summary>The contract's mean tolerance: max(10% of the mean, 2 SE).</summary>
    public double MeanToleranceUs => Math.Max(0.1 * MeanUs, 2 * StandardErrorUs);

    public static OpTarget From(OperationSummary s, Operation op, bool phasesDoubtful) => new(
        op, s.MeanUs, s.VariancePopUs2, s.MinUs, s.MaxUs, s.N, s.PhasesMeanUs,
        s.IsReconstructable() ? s.ReconstructedRunsUs : null, phasesDoubtful);

    public static OpTarget From(MeanWithPhases s, Operation op) => new(op, s.MeanUs, null, null, null, s.N, s.PhasesMeanUs, null, false);
}

/// <summary>
/// One measured configuration: its environment, full scenario parameters, and the operations
/// measured (the study's rows have pause and unpause; a measurement set may have any of pause,
/// unpause and switch).
/// </summary>
public sealed record RowTarget(Env Env, string Id, ScenarioParameters Parameters, OpTarget? Pause, OpTarget? Unpause, string? Note)
{
    /// <summary>The switch, if measured (measurement sets only).</summary>
    public OpTarget? Switch { get; init; }

    /// <summary>The row's name in reports and objective terms: <c>old/&lt;id&gt;</c> for the study, the set's name for a measurement set.</summary>
    public string Key { get; init; } = $"{(Env == Env.Old ? "old" : "new")}/{Id}";

    /// <summary>The measured operations, in pause, unpause, switch order.</summary>
    public IReadOnlyList<OpTarget> Ops => new[] { Pause, Unpause, Switch }.OfType<OpTarget>().ToList();

    public bool Has(Operation op) => op switch
    {
        Operation.Pause => Pause is not null,
        Operation.Unpause => Unpause is not null,
        _ => Switch is not null,
    };

    public OpTarget Target(Operation op) => (op switch
    {
        Operation.Pause => Pause,
        Operation.Unpause => Unpause,
        _ => Switch,
    }) ?? throw new InvalidOperationException($"row '{Key}' has no {op.Name()} target");
}

/// <summary>Figure 4: the version hypercall's decade shares under one load pattern (new environment, comparison configuration).</summary>
public sealed record HypercallTarget(string Pattern, ScenarioParameters Parameters, ShareBound In10Us, ShareBound In100Us, ShareBound In1000Us);

/// <summary>
/// A count of multi-second operations (over <see cref="CalibrationData.RareThresholdUs"/>) in
/// a group of xl launches of one environment: 3 of the old environment's 100 loaded unpauses,
/// none elsewhere.
/// </summary>
/// <summary>Operations of one configuration in a rare-mode group.</summary>
public sealed record RarePart(ScenarioParameters Parameters, int Operations);

/// <summary>
/// A count of the multi-second mode (or of the empty 0.2-2 s band when <paramref name="MidBand"/>) over operations of
/// the configurations in <paramref name="Parts"/>: the mechanisms' probability differs by configuration (the reclaim
/// wait needs a file-backed disk and grows with dom0 load), so the group's expectation is the operation-weighted mean.
/// </summary>
public sealed record RareModeTarget(Env Env, string Group, int Events, IReadOnlyList<RarePart> Parts, bool MidBand = false)
{
    public int Operations => Parts.Sum(p => p.Operations);
}

/// <summary>
/// Everything the calibration fits to: built from the reference file and the two models' defaults
/// (<see cref="Build"/>), or from measurement sets (<c>MeasurementTargets</c>, no reference file).
/// </summary>
public sealed record CalibrationData(
    IReadOnlyList<RowTarget> Rows,
    IReadOnlyList<HypercallTarget> Hypercalls,
    IReadOnlyList<RareModeTarget> RareModes,
    IReadOnlyDictionary<string, ScenarioParameters> AlternativeReadings,
    ReferenceMeasurements? Reference)
{
    /// <summary>Operations above this are the multi-second mode; the study's 5- and 50-run tables contain none.</summary>
    public const double RareThresholdUs = 2_000_000;

    /// <summary>The lower edge of the band nobody saw: the worst of Table 5 is 142 ms.</summary>
    public const double MidBandUs = 200_000;

    public static CalibrationData Build(ReferenceMeasurements reference, ModelDefinition oldModel, ModelDefinition newModel)
    {
        var rows = new List<RowTarget>();
        var alternatives = new Dictionary<string, ScenarioParameters>();
        foreach (var r in reference.OldRows)
        {
            var p = WithModelDefaults(r.Parameters, oldModel, r.Change);
            var doubtful = r.DataQuality is not null;
            rows.Add(new RowTarget(Env.Old, r.Id, p, OpTarget.From(r.Pause, Operation.Pause, doubtful), OpTarget.From(r.Unpause, Operation.Unpause, doubtful),
                r.Ambiguity is not null ? "ambiguous reading (see the reference file)" : r.DataQuality));
            if (r.AlternativeParameters is { } alt)
                alternatives[$"old/{r.Id}"] = WithModelDefaults(alt, oldModel, [.. r.Change, .. r.AlternativeReadingAlso ?? []]);
        }
        foreach (var r in reference.NewRows)
        {
            rows.Add(new RowTarget(Env.New, r.Id, WithModelDefaults(r.Parameters, newModel, r.Change),
                OpTarget.From(r.Pause, Operation.Pause), OpTarget.From(r.Unpause, Operation.Unpause), null));
        }

        var hypercalls = new List<HypercallTarget>();
        if (reference.HypercallVersion is { } h)
        {
            var comparison = WithModelDefaults(reference.ComparisonBaseline, newModel, []);
            foreach (var (name, pattern) in h.Patterns)
            {
                var p = name switch
                {
                    "dom0-cpu-load" => comparison with { Dom0CpuLoadProcs = 4 },
                    "dom0-net-load" => comparison with { Dom0NetLoadMbps = 1000 },
                    _ => comparison,
                };
                hypercalls.Add(new HypercallTarget(name, p, pattern.ShareIn10UsDecade, pattern.ShareIn100UsDecade, pattern.ShareIn1000UsDecade));
            }
        }

        // The multi-second mode, counted per launch of xl (one per pause or unpause): Figure 3's text (3 of the old
        // environment's 100 loaded unpauses over 2 s; none in the new environment's 100 loaded runs; it names no pause
        // over 2 s, read here as none), and the tables' maxima (no operation over 2 s in the old environment's 11 x 5
        // pauses and unpauses, nor in either environment's 50 comparison-baseline runs). Each group lists its
        // configurations: the comparison's (1 vCPU, file-backed disk, null) with the model's defaults, or Table 5's rows.
        ScenarioParameters Comparison(ModelDefinition m) => WithModelDefaults(reference.ComparisonBaseline, m, []);
        IReadOnlyList<RarePart> Loaded(ModelDefinition m, int opsEach) =>
            [new(Comparison(m) with { Dom0CpuLoadProcs = 4 }, opsEach), new(Comparison(m) with { Dom0NetLoadMbps = 1000 }, opsEach)];
        var table5 = rows.Where(r => r.Env == Env.Old).Select(r => new RarePart(r.Parameters, 2 * reference.OldRepetitions)).ToList();
        IReadOnlyList<RarePart> OldAll() =>
            [.. Loaded(oldModel, 100), new(Comparison(oldModel), 100), .. table5];
        IReadOnlyList<RarePart> NewAll() =>
            [.. Loaded(newModel, 100), new(Comparison(newModel), 100)];
        var rare = new List<RareModeTarget>
        {
            new(Env.Old, "comparison, dom0 CPU or net load, unpause (Figure 3)", 3, Loaded(oldModel, 50)),
            new(Env.Old, "comparison, dom0 CPU or net load, pause (Figure 3 names none)", 0, Loaded(oldModel, 50)),
            new(Env.Old, "comparison baseline, pause and unpause (Figure 3)", 0, [new(Comparison(oldModel), 100)]),
            new(Env.Old, "Table 5 pauses and unpauses (maxima < 2 s)", 0, table5),
            new(Env.New, "comparison, all patterns, pause and unpause (Figure 3)", 0, NewAll()),
            // Nothing between the 142 ms worst of Table 5 and 2 s was seen in either environment.
            new(Env.Old, "0.2-2 s: all old operations reported", 0, OldAll(), MidBand: true),
            new(Env.New, "0.2-2 s: all new operations reported", 0, NewAll(), MidBand: true),
        };
        return new CalibrationData(rows, hypercalls, rare, alternatives, reference);
    }

    /// <summary>
    /// The row's parameters with the model's own defaults (dom0.vcpus, measure.domU_idle) for keys
    /// the study's tables do not set: a row's change and the table baseline win.
    /// </summary>
    public static ScenarioParameters WithModelDefaults(ScenarioParameters row, ModelDefinition model, IEnumerable<ParameterAssignment> change)
    {
        var tableKeys = new HashSet<string>(StudyKeys.All, StringComparer.Ordinal);
        foreach (var c in change) tableKeys.Add(c.Key);
        return row.With(model.Defaults.Where(d => !tableKeys.Contains(d.Key)));
    }

    /// <summary>The data without one row (cross-validation).</summary>
    public CalibrationData Without(string rowKey) => this with { Rows = [.. Rows.Where(r => r.Key != rowKey)] };

    /// <summary>The data with an alternative reading of a row's parameters.</summary>
    public CalibrationData WithReading(string rowKey, ScenarioParameters parameters) =>
        this with { Rows = [.. Rows.Select(r => r.Key == rowKey ? r with { Parameters = parameters } : r)] };
}

internal static class StudyKeys
{
    /// <summary>Keys of the study's Table 4 and comparison baseline: what the tables fix for every row.</summary>
    public static readonly string[] All =
    [
        "domU.vcpus", "domU.memory_mb", "domU.storage", "domU.cpu_load_procs", "domU.net_load_mbps",
        "dom0.cpu_load_procs", "dom0.net_load_mbps", "xl.nice", "xl.policy", "xen.domUs", "xen.scheduler",
    ];
}
