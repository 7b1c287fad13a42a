using System.Globalization;
using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Calibration.Measurements;

/// <summary>
/// The study's summary tables (models/reference/ipsj-os151-2021-measurements.yaml) as summary-only
/// measurement sets, one per row: <c>study/old/&lt;row&gt;</c> (Tables 5-7: n = 5, mean, population
/// variance, min, max, phase means) and <c>study/new/&lt;row&gt;</c> (Tables 9-10: n = 50, means only).
/// Parameters are the row's, written only where they differ from the contract's defaults, so a
/// model's own defaults (e.g. <c>dom0.vcpus</c>) fill in what the study did not state.
/// </summary>
public static class StudyMeasurementSets
{
    public const double Pi4CounterHz = 54_000_000;

    /// <param name="environment">null for both, or <c>old</c> / <c>new</c>.</param>
    public static IReadOnlyList<MeasurementSet> From(ReferenceMeasurements reference, string? environment = null)
    {
        if (environment is not (null or "old" or "new"))
        {
            throw new InputError(SourceLocation.Of(reference.SourceName), $"no environment '{environment}' in the study", "expected old or new");
        }

        var sets = new List<MeasurementSet>();
        if (environment is null or "old")
        {
            var env = reference.Environments.GetValueOrDefault("old");
            foreach (var row in reference.OldRows)
            {
                sets.Add(Make(reference, "old", env, row.Id, row.Parameters, new Dictionary<MeasurementOp, OperationSummaryData>
                {
                    [MeasurementOp.Pause] = Full(row.Pause),
                    [MeasurementOp.Unpause] = Full(row.Unpause),
                }, row.DataQuality ?? row.Ambiguity));
            }
        }

        if (environment is null or "new")
        {
            var env = reference.Environments.GetValueOrDefault("new");
            foreach (var row in reference.NewRows)
            {
                sets.Add(Make(reference, "new", env, row.Id, row.Parameters, new Dictionary<MeasurementOp, OperationSummaryData>
                {
                    [MeasurementOp.Pause] = new(row.Pause.N, row.Pause.MeanUs, null, null, null, row.Pause.PhasesMeanUs),
                    [MeasurementOp.Unpause] = new(row.Unpause.N, row.Unpause.MeanUs, null, null, null, row.Unpause.PhasesMeanUs),
                }, null));
            }
        }

        return sets;
    }

    private static OperationSummaryData Full(OperationSummary s) =>
        new(s.N, s.MeanUs, s.VariancePopUs2, s.MinUs, s.MaxUs, s.PhasesMeanUs);

    private static MeasurementSet Make(ReferenceMeasurements reference, string envName, EnvironmentInfo? env, string id,
        ScenarioParameters parameters, Dictionary<MeasurementOp, OperationSummaryData> summaries, string? notes)
    {
        var defaults = ScenarioParameters.Defaults.ToDictionary();
        var where = SourceLocation.Of(reference.SourceName);
        var assignments = parameters.ToDictionary()
            .Where(kv => defaults[kv.Key] != kv.Value)
            .Select(kv => ParameterParser.Parse(kv.Key, kv.Value, where))
            .ToList();
        var meta = new MeasurementMeta
        {
            Name = $"study/{envName}/{id}",
            Source = MeasurementMeta.SourceStudy,
            Host = reference.Source.Board ?? "Raspberry Pi 4 Model B",
            XenVersion = env?.Xen ?? "unknown",
            Scheduler = parameters.XenScheduler.ToKeyword(),
            Pcpus = 4,
            Arch = "arm64",
            CounterHz = Pi4CounterHz,
            Mechanism = parameters.SwitchMechanism.ToKeyword(),
            ToolVersion = "the study's own scripts",
            Date = reference.Source.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Assignments = assignments,
            Notes = notes,
        };
        return new MeasurementSet { Meta = meta, Summaries = summaries, Location = reference.SourceName };
    }
}
