using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Simulator.Experiments;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>
/// Measurement sets as calibration targets (<c>calibrate --measurements</c>): one row per set, in
/// one environment (the template model's board). A set's meta.yaml parameters over the template's
/// defaults are the row's scenario, as <c>validate</c> resolves them.
/// <list type="bullet">
/// <item>Raw sets: per operation, n, mean, sample variance (divided by n-1, from the runs), min and
/// max of the observed totals, and the mean of each phase whose probes are present. The variance is
/// stored as var_pop = s^2 (n-1)/n so that the contract's formulas (SE = sqrt(var_pop/(n-1)),
/// sample variance = var_pop n/(n-1)) give back exactly s/sqrt(n) and s^2. Runs of 2 s or more
/// (the multi-second mode the fit leaves out of the simulated side too) are left out and counted.</item>
/// <item>Summary-only sets (the study's tables): what the table gives (n, mean, population variance,
/// min, max where known, phase means).</item>
/// </list>
/// A set measured on another board than the template describes (pCPUs, architecture, Xen
/// major.minor) is an <see cref="InputError"/> naming meta.yaml's line.
/// </summary>
public static class MeasurementTargets
{
    public static CalibrationData Build(IReadOnlyList<MeasurementSet> sets, ModelDefinition template)
    {
        if (sets.Count == 0)
            throw new InputError(SourceLocation.Of("--measurements"), "no measurement sets", "expected at least one set directory or study[:old|:new]");
        var rows = new List<RowTarget>();
        foreach (var set in sets)
        {
            CheckPlatform(set, template);
            var resolved = ScenarioResolver.Resolve(template, null, set.Meta.Assignments);
            var scenario = ResolvedScenario.From(template, resolved.Parameters);
            var targets = new Dictionary<MeasurementOp, OpTarget>();
            var notes = new List<string>();
            foreach (var op in set.Ops)
            {
                var why = op == MeasurementOp.Switch ? scenario.SwitchInfeasible ?? scenario.Infeasible : scenario.Infeasible;
                if (why is not null)
                {
                    throw new InputError(Where(set, "parameters"), $"set '{set.Name}': the template model '{template.Name}' cannot run its {op.Name()}: {why}",
                        "expected sets whose scenario the template's platform can run");
                }

                targets[op] = set.IsSummaryOnly ? FromSummary(op, set.Summaries[op]) : FromRuns(set, op, notes);
            }

            if (targets.Count == 0)
                throw new InputError(Where(set, null), $"set '{set.Name}' has no operations", "expected runs of pause, unpause or switch");
            rows.Add(new RowTarget(Env.Old, set.Name, resolved.Parameters,
                targets.GetValueOrDefault(MeasurementOp.Pause), targets.GetValueOrDefault(MeasurementOp.Unpause),
                notes.Count > 0 ? string.Join("; ", notes) : set.Meta.Notes)
            {
                Switch = targets.GetValueOrDefault(MeasurementOp.Switch),
                Key = set.Name,
            });
        }

        return new CalibrationData(rows, [], [], new Dictionary<string, Models.Parameters.ScenarioParameters>(), null);
    }

    public static Operation ToOperation(MeasurementOp op) => op switch
    {
        MeasurementOp.Pause => Operation.Pause,
        MeasurementOp.Unpause => Operation.Unpause,
        _ => Operation.Switch,
    };

    private static OpTarget FromSummary(MeasurementOp op, OperationSummaryData s) =>
        new(ToOperation(op), s.MeanUs, s.VariancePopUs2, s.MinUs, s.MaxUs, s.N, s.PhaseMeansUs, null, false);

    private static OpTarget FromRuns(MeasurementSet set, MeasurementOp op, List<string> notes)
    {
        var samples = set.Samples(op);
        var keep = new List<int>();
        var rare = 0;
        for (var i = 0; i < samples.TotalUs.Length; i++)
        {
            var v = samples.TotalUs[i];
            if (!double.IsFinite(v)) continue;
            if (v >= CalibrationData.RareThresholdUs) { rare++; continue; }
            keep.Add(i);
        }

        if (rare > 0) notes.Add($"{op.Name()}: {rare} run(s) of 2 s or more left out (the multi-second mode)");
        if (keep.Count < 2)
        {
            throw new InputError(Where(set, null), $"set '{set.Name}' has {keep.Count} {op.Name()} run(s) with a total below 2 s",
                "expected at least 2 runs with both end probes (dom0_stamp and the end of the operation) per operation");
        }

        var totals = keep.Select(i => samples.TotalUs[i]).ToArray();
        var n = totals.Length;
        var mean = totals.Average();
        var sampleVariance = totals.Sum(x => (x - mean) * (x - mean)) / (n - 1);
        var phases = new Dictionary<string, double>();
        if (op != MeasurementOp.Switch)
        {
            foreach (var (name, values) in samples.PhasesUs)
            {
                var finite = keep.Select(i => values[i]).Where(double.IsFinite).ToArray();
                if (finite.Length >= 2) phases[name] = finite.Average();
            }
        }

        return new OpTarget(ToOperation(op), mean, sampleVariance * (n - 1) / n, totals.Min(), totals.Max(), n, phases, null, false);
    }

    private static void CheckPlatform(MeasurementSet set, ModelDefinition template)
    {
        var what = $"sets measured on the board the template describes; for another board copy the template, set its platform: section to the board's facts and pass it as --model";
        if (set.Meta.Pcpus != template.Platform.Pcpus)
        {
            throw new InputError(Where(set, "pcpus"), $"set '{set.Name}' was measured with {set.Meta.Pcpus} pCPUs; the template model '{template.Name}' has {template.Platform.Pcpus}", what);
        }

        var arch = template.Platform.Arch == Models.Platform.CpuArch.Arm64 ? "arm64" : "x86_64";
        if (set.Meta.Arch is { } a && a != arch)
        {
            throw new InputError(Where(set, "arch"), $"set '{set.Name}' was measured on {a}; the template model '{template.Name}' is {arch}", what);
        }

        if (MajorMinor(set.Meta.XenVersion) != MajorMinor(template.Platform.XenVersion))
        {
            throw new InputError(Where(set, "xen_version"), $"set '{set.Name}' was measured on Xen {set.Meta.XenVersion}; the template model '{template.Name}' is Xen {template.Platform.XenVersion}", what);
        }
    }

    private static string MajorMinor(string v) => string.Join('.', v.Split('.', '-', '+').Take(2));

    /// <summary>meta.yaml's line of a top-level field, or the set's location.</summary>
    private static SourceLocation Where(MeasurementSet set, string? field)
    {
        if (set.Location is null) return SourceLocation.Of(set.Name);
        var meta = Path.Combine(set.Location, MeasurementSetReader.MetaFile);
        if (!File.Exists(meta)) return SourceLocation.Of($"{set.Location} ({set.Name})");
        if (field is null) return SourceLocation.Of(meta);
        var lines = File.ReadAllLines(meta);
        var i = Array.FindIndex(lines, l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return i < 0 ? SourceLocation.Of(meta) : SourceLocation.At(meta, i + 1, 1);
    }
}
