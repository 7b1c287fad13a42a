using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Calibration.Reference;

/// <summary>A row of the study's Table 4: a parameter's baseline value and the value it was changed to.</summary>
public sealed record ParameterChange(string Key, ParameterAssignment Baseline, ParameterAssignment Changed, string? Tool);
