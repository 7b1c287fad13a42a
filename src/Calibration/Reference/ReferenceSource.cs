namespace XenSwitchSim.Calibration.Reference;

/// <summary>The publication the numbers come from.</summary>
public sealed record ReferenceSource(
    string Title, string? Venue, DateOnly Date, string? Board, string? Counter, double DomUSamplingIntervalUs);

/// <summary>A hardware/software environment of the study (old: Xen 4.13; new: Xen 4.14).</summary>
public sealed record EnvironmentInfo(string Name, string Xen, string Dom0, string DomU, string? Storage, string? Notes);
