namespace XenSwitchSim.Calibration.Reference;

public enum Operation
{
    Pause,
    Unpause,

    /// <summary>Pause the active domU and unpause a paused standby (measurement sets only; the study's tables have none).</summary>
    Switch,
}

/// <summary>The study's phase names (contracts.md section 2), in time order.</summary>
public static class Phases
{
    public static readonly IReadOnlyList<string> Pause = ["xl_to_domu_last_sample", "domu_last_sample_to_xen", "xen_to_vcpu_paused"];

    public static readonly IReadOnlyList<string> Unpause = ["xl_to_xen", "xen_to_vcpu_running", "vcpu_running_to_domu_sample"];

    /// <summary>This project's switch phases (the contract names none): stamp to the active's SLEEP, to the standby running, to its first sample.</summary>
    public static readonly IReadOnlyList<string> Switch = ["xl_to_xen", "xen_to_standby_running", "standby_running_to_domu_sample"];

    public static IReadOnlyList<string> Of(Operation operation) => operation switch
    {
        Operation.Pause => Pause,
        Operation.Unpause => Unpause,
        _ => Switch,
    };

    public static string Name(this Operation operation) => operation switch
    {
        Operation.Pause => "pause",
        Operation.Unpause => "unpause",
        _ => "switch",
    };
}
