namespace XenSwitchSim.Models.Errors;

/// <summary>A user's input is wrong (placeholder; the Models work defines the full type).</summary>
public class InputError(string message) : Exception(message);
