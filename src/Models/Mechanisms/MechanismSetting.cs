using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Models.Mechanisms;

/// <summary>Where a fitted value came from.</summary>
public sealed record FitProvenance(string? Data, ulong? Seed, string? Date, string? Objective);

/// <summary>A calibrated value's uncertainty (same unit as the value) and provenance.</summary>
public sealed record FitInfo(double? Sd, double? Lower, double? Upper, FitProvenance? Provenance);

/// <summary>
/// A mechanism set in a model file: a value (in the entry's unit), or a distribution; with
/// <see cref="Fit"/> when it was calibrated.
/// </summary>
public sealed record MechanismSetting(MechanismEntry Entry, double? Value, Distribution? Distribution, FitInfo? Fit, SourceLocation Where)
{
    public string Name => Entry.Name;
}
