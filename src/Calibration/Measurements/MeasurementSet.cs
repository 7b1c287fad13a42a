namespace XenSwitchSim.Calibration.Measurements;

/// <summary>
/// A measurement set: its meta, and either raw runs (a directory with runs.csv) or, for the study's
/// tables, a summary per operation (<see cref="IsSummaryOnly"/>). This is the type the
/// <c>validate</c> and <c>calibrate --measurements</c> commands consume.
/// </summary>
public sealed record MeasurementSet
{
    public required MeasurementMeta Meta { get; init; }

    /// <summary>Rows of runs.csv in file order; empty for a summary-only set.</summary>
    public IReadOnlyList<MeasurementRun> Runs { get; init; } = [];

    /// <summary>For a summary-only set: what the tables give per operation.</summary>
    public IReadOnlyDictionary<MeasurementOp, OperationSummaryData> Summaries { get; init; } =
        new Dictionary<MeasurementOp, OperationSummaryData>();

    /// <summary>Directory (or reference file) it was read from, if any.</summary>
    public string? Location { get; init; }

    /// <summary>Files under raw/ (relative paths), for provenance.</summary>
    public IReadOnlyList<string> RawFiles { get; init; } = [];

    public bool IsSummaryOnly => Runs.Count == 0 && Summaries.Count > 0;

    public string Name => Meta.Name;

    /// <summary>Operations present, in pause, unpause, switch order.</summary>
    public IReadOnlyList<MeasurementOp> Ops =>
        MeasurementOps.All.Where(o => IsSummaryOnly ? Summaries.ContainsKey(o) : Runs.Any(r => r.Op == o)).ToList();

    /// <summary>The observed totals and phases of one operation's runs, in us (NaN where a probe is missing).</summary>
    public OperationSamples Samples(MeasurementOp op) => OperationSamples.From(Runs.Where(r => r.Op == op), op, Meta.CounterHz);

    /// <summary>Number of runs of the operation (raw) or the table's n (summary).</summary>
    public int Count(MeasurementOp op) =>
        IsSummaryOnly ? (Summaries.TryGetValue(op, out var s) ? s.N : 0) : Runs.Count(r => r.Op == op);
}

/// <summary>Totals and phases of one operation, one entry per run, in us.</summary>
public sealed record OperationSamples(MeasurementOp Op, IReadOnlyList<int> RunIds, double[] TotalUs, IReadOnlyDictionary<string, double[]> PhasesUs)
{
    public static OperationSamples From(IEnumerable<MeasurementRun> runs, MeasurementOp op, double counterHz)
    {
        var list = runs.ToList();
        var names = MeasuredPhases.Of(op);
        var phases = names.ToDictionary(n => n, _ => new double[list.Count]);
        var totals = new double[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            totals[i] = MeasuredPhases.TotalUs(list[i], counterHz);
            var p = MeasuredPhases.PhasesUs(list[i], counterHz);
            for (var k = 0; k < names.Count; k++) phases[names[k]][i] = p[k];
        }
        return new OperationSamples(op, list.Select(r => r.Run).ToList(), totals, phases);
    }

    /// <summary>The finite values only.</summary>
    public static double[] Finite(double[] xs) => xs.Where(double.IsFinite).ToArray();
}

/// <summary>
/// What the study's tables give for one operation of one row: n, the mean, and where known the
/// population variance (divided by n), min and max; phase means.
/// </summary>
public sealed record OperationSummaryData(
    int N,
    double MeanUs,
    double? VariancePopUs2,
    double? MinUs,
    double? MaxUs,
    IReadOnlyDictionary<string, double> PhaseMeansUs)
{
    /// <summary>var_pop x n / (n - 1), if the variance is known.</summary>
    public double? SampleVarianceUs2 => VariancePopUs2 is { } v && N > 1 ? v * N / (N - 1) : null;
}
