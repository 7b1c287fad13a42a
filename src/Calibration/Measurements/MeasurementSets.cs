using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Calibration.Measurements;

/// <summary>
/// The entry point for commands that take <c>--measurements</c> (validate, calibrate): turns each
/// argument into measurement sets.
/// <list type="bullet">
/// <item>a directory with meta.yaml: one raw set;</item>
/// <item>a directory without one: every immediate subdirectory that has one (sorted by name), e.g. the
/// output folder of a recording plan;</item>
/// <item>a reference YAML file (the study's tables), optionally suffixed <c>:old</c> or <c>:new</c>: one
/// summary-only set per row;</item>
/// <item><c>study</c>, <c>study:old</c>, <c>study:new</c>: the same from the copy the caller embeds.</item>
/// </list>
/// Any problem is an <see cref="InputError"/> naming the file and line.
/// </summary>
public static class MeasurementSets
{
    public const string StudyKeyword = "study";

    public static IReadOnlyList<MeasurementSet> Load(IEnumerable<string> arguments, Func<Stream?>? embeddedStudy = null)
    {
        var sets = new List<MeasurementSet>();
        foreach (var a in arguments) sets.AddRange(Load(a, embeddedStudy));
        var dup = sets.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new InputError(SourceLocation.Of("--measurements"), $"two measurement sets are named '{dup.Key}'",
                "give each set its own name (meta.yaml name:, or the directory's name)");
        }

        return sets;
    }

    public static IReadOnlyList<MeasurementSet> Load(string argument, Func<Stream?>? embeddedStudy = null)
    {
        var (path, env) = SplitEnvironment(argument);
        if (path == StudyKeyword && !File.Exists(path) && !Directory.Exists(path))
        {
            using var s = embeddedStudy?.Invoke()
                ?? throw new InputError(SourceLocation.Of("--measurements"), "no embedded copy of the study's tables here",
                    "give the path of models/reference/ipsj-os151-2021-measurements.yaml");
            return StudyMeasurementSets.From(ReferenceMeasurements.Load(s, "embedded:ipsj-os151-2021-measurements"), env);
        }

        if (File.Exists(path) && (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
        {
            return StudyMeasurementSets.From(ReferenceMeasurements.Load(path), env);
        }

        if (env is not null)
        {
            throw new InputError(SourceLocation.Of(argument), "':old' / ':new' selects rows of the study's tables only",
                "expected study[:old|:new] or a reference YAML file");
        }

        if (Directory.Exists(argument))
        {
            if (File.Exists(Path.Combine(argument, MeasurementSetReader.MetaFile))) return [MeasurementSetReader.Read(argument)];
            var subs = Directory.EnumerateDirectories(argument)
                .Where(d => File.Exists(Path.Combine(d, MeasurementSetReader.MetaFile)))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (subs.Count > 0) return subs.Select(MeasurementSetReader.Read).ToList();
            throw new InputError(SourceLocation.Of(argument), "is not a measurement set (no meta.yaml) and holds none",
                "expected a directory with meta.yaml, runs.csv and raw/, or a folder of such directories");
        }

        throw new InputError(SourceLocation.Of(argument), "no such measurement set",
            "expected a measurement set directory, a folder of them, a reference YAML file, or study[:old|:new]");
    }

    private static (string Path, string? Env) SplitEnvironment(string argument)
    {
        foreach (var env in new[] { "old", "new" })
        {
            var suffix = ":" + env;
            if (argument.EndsWith(suffix, StringComparison.Ordinal) && !Directory.Exists(argument) && !File.Exists(argument))
            {
                return (argument[..^suffix.Length], env);
            }
        }

        return (argument, null);
    }
}
