using System.Globalization;
using XenSwitchSim.Simulator.Experiments;

namespace XenSwitchSim.Calibration.Measurements;

/// <summary>
/// <c>simulate --emit-measurements DIR</c>: a measurement set in the hardware format, written from
/// the simulator's probes (ticks at the model's <c>counter_hz</c>), so <c>validate</c> and
/// <c>calibrate</c> can be exercised without a board.
/// </summary>
public static class SyntheticMeasurements
{
    public static MeasurementMeta Meta(ResolvedScenario s, ulong seed, string name, string toolVersion, DateTimeOffset? date = null)
    {
        var platform = s.Model.Platform;
        return new MeasurementMeta
        {
            Name = name,
            Source = MeasurementMeta.SourceSimulate,
            Host = $"simulated {s.Model.Name}",
            XenVersion = platform.XenVersion,
            Scheduler = Models.Parameters.Keywords.XenScheduler.Keyword(s.Parameters.XenScheduler),
            Pcpus = platform.Pcpus,
            Arch = platform.Arch == Models.Platform.CpuArch.Arm64 ? "arm64" : "x86_64",
            CounterHz = platform.CounterHz,
            Mechanism = Models.Parameters.Keywords.SwitchMechanism.Keyword(s.Parameters.SwitchMechanism),
            ToolVersion = toolVersion,
            Date = (date ?? DateTimeOffset.UtcNow).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Assignments = s.Parameters.ToDictionary()
                .Select(kv => Models.Parameters.ParameterParser.Parse(kv.Key, kv.Value, Models.Errors.SourceLocation.Of(s.Model.SourceName)))
                .ToList(),
            Model = s.Model.Name,
            ModelSha256 = s.Model.Sha256,
            Seed = seed,
            Alignment = new Dictionary<string, string>
            {
                ["method"] = "none needed: every probe is read from the simulation's one clock",
            },
        };
    }

    /// <summary>Writes the set; returns the number of rows.</summary>
    public static int Write(string directory, ResolvedScenario s, IReadOnlyList<CapturedReplication> reps, ulong seed, string toolVersion)
    {
        var name = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        var runs = ProbeCapture.ToRuns(reps, s.Model.Platform.CounterHz);
        MeasurementSetWriter.Write(directory, Meta(s, seed, name, toolVersion), runs);
        return runs.Count;
    }
}
