namespace XenSwitchSim.Models.Files;

/// <summary>A modelling assumption stated in the model file, with its evidence (free text).</summary>
public sealed record Assumption(string Fact, string? Value, string? Evidence);
