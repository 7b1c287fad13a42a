namespace XenSwitchSim.Calibration.Traces;

/// <summary>Xen vCPU runstates as numbered in xen/include/public/vcpu.h (and in the trace ids).</summary>
public enum RunState
{
    Running = 0,
    Runnable = 1,
    Blocked = 2,
    Offline = 3,
}

public static class RunStateNames
{
    /// <summary>Lower-case name as xenalyze and the contract print it: running|runnable|blocked|offline.</summary>
    public static string Name(this RunState state) => state switch
    {
        RunState.Running => "running",
        RunState.Runnable => "runnable",
        RunState.Blocked => "blocked",
        RunState.Offline => "offline",
        _ => "unknown",
    };

    public static bool TryParse(string text, out RunState state)
    {
        switch (text)
        {
            case "running": state = RunState.Running; return true;
            case "runnable": state = RunState.Runnable; return true;
            case "blocked": state = RunState.Blocked; return true;
            case "offline": state = RunState.Offline; return true;
            default: state = default; return false;
        }
    }
}
