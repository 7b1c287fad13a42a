namespace XenSwitchSim.Calibration.Reference;

public enum Operation
{
    Pause,
    Unpause,
}

/// <summary>The study's phase names (contracts.md section 2), in time order.</summary>
public static class Phases
{
    public static readonly IReadOnlyList<string> Pause = ["xl_to_domu_last_sample", "domu_last_sample_to_xen", "xen_to_vcpu_paused"];

    public static readonly IReadOnlyList<string> Unpause = ["xl_to_xen", "xen_to_vcpu_running", "vcpu_running_to_domu_sample"];

    public static IReadOnlyList<string> Of(Operation operation) => operation == Operation.Pause ? Pause : Unpause;
}
