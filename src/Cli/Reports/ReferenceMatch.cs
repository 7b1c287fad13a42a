using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Cli.Reports.Figures;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Cli.Reports;

/// <summary>A measured row of the study that matches a simulated scenario, with what the figures need.</summary>
public sealed record MatchedMeasurement(string RowId, string Environment, string XenVersion, int N, string Table,
    MeasuredRange Pause, MeasuredRange Unpause,
    IReadOnlyDictionary<string, double> PausePhasesUs, IReadOnlyDictionary<string, double> UnpausePhasesUs, string? Reading)
{
    /// <summary>E.g. "study 'baseline', Xen 4.13.0, n=5".</summary>
    public string Source => $"study '{RowId}'{(Reading is null ? "" : $" ({Reading})")}, Xen {XenVersion}, n={N}";
}

/// <summary>
/// Finds the study's measured rows (models/reference) for a scenario simulated on a Pi 4 model: the environment whose
/// Xen version is the model's, and the rows whose Table 4 parameters equal the scenario's while every other parameter
/// is at the model's default (the study did not change them).
/// </summary>
public static class ReferenceMatch
{
    public const string ResourceName = "models/reference/ipsj-os151-2021-measurements.yaml";

    private static readonly Lazy<ReferenceMeasurements?> Embedded = new(() =>
    {
        using var s = EmbeddedModels.Open(ResourceName);
        return s is null ? null : ReferenceMeasurements.Load(s, "embedded:" + ResourceName);
    });

    /// <summary>The study's data shipped inside the tool (null if the build has none).</summary>
    public static ReferenceMeasurements? Study => Embedded.Value;

    /// <summary>Whether the model is one of the Raspberry Pi 4 models the study's measurements describe.</summary>
    public static bool IsPiModel(ModelDefinition model) =>
        model.Name.StartsWith("pi4", StringComparison.OrdinalIgnoreCase) && model.Platform.Pcpus == 4;

    public static IReadOnlyList<MatchedMeasurement> Find(ModelDefinition model, ScenarioParameters scenario, ReferenceMeasurements? study = null)
    {
        study ??= Study;
        if (study is null || !IsPiModel(model)) return [];
        var env = study.Environments.Values.FirstOrDefault(e => e.Xen == model.Platform.XenVersion);
        if (env is null) return [];
        var studyKeys = study.ParameterTable.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var defaults = model.DefaultParameters;
        bool Matches(ScenarioParameters row) => ParameterCatalog.Keys.All(k =>
            scenario.Get(k) == (studyKeys.Contains(k) ? row.Get(k) : defaults.Get(k)));

        var found = new List<MatchedMeasurement>();
        if (env.Name == "old")
        {
            foreach (var r in study.OldRows)
            {
                string? reading = Matches(r.Parameters) ? null
                    : r.AlternativeParameters is { } alt && Matches(alt) ? "alternative reading: " + string.Join(", ", r.AlternativeReadingAlso!.Select(a => $"{a.Key}={a.Text}")) : "-";
                if (reading == "-") continue;
                found.Add(new MatchedMeasurement(r.Id, env.Name, env.Xen, r.Pause.N, "Tables 5-7",
                    new MeasuredRange(r.Pause.MeanUs, r.Pause.MinUs, r.Pause.MaxUs, r.Pause.N),
                    new MeasuredRange(r.Unpause.MeanUs, r.Unpause.MinUs, r.Unpause.MaxUs, r.Unpause.N),
                    r.Pause.PhasesMeanUs, r.Unpause.PhasesMeanUs, reading));
            }
        }
        else
        {
            foreach (var r in study.NewRows.Where(r => Matches(r.Parameters)))
            {
                found.Add(new MatchedMeasurement(r.Id, env.Name, env.Xen, r.Pause.N, "Tables 9-10",
                    new MeasuredRange(r.Pause.MeanUs, null, null, r.Pause.N), new MeasuredRange(r.Unpause.MeanUs, null, null, r.Unpause.N),
                    r.Pause.PhasesMeanUs, r.Unpause.PhasesMeanUs, null));
            }
        }
        return found;
    }

    /// <summary>The --set arguments that would reproduce each measured row of the model's environment (for the "no match" note).</summary>
    public static IReadOnlyList<string> Hints(ModelDefinition model, ReferenceMeasurements? study = null)
    {
        study ??= Study;
        if (study is null || !IsPiModel(model)) return [];
        var env = study.Environments.Values.FirstOrDefault(e => e.Xen == model.Platform.XenVersion);
        if (env is null) return [];
        var keys = study.ParameterTable.Select(p => p.Key).ToList();
        var defaults = model.DefaultParameters;
        IEnumerable<(string Id, ScenarioParameters P)> rows = env.Name == "old"
            ? study.OldRows.Select(r => (r.Id, r.Parameters))
            : study.NewRows.Select(r => (r.Id, r.Parameters));
        return rows.Select(r => $"{r.Id}: " + string.Join(" ", keys.Where(k => r.P.Get(k) != defaults.Get(k)).Select(k => $"--set {k}={r.P.Get(k)}")).Trim())
            .ToList();
    }
}
