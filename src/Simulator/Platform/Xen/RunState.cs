namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>Xen's vCPU runstates, with xentrace's numbering (RUNSTATE_running = 0 ...).</summary>
public enum RunState : byte
{
    Running = 0,
    Runnable = 1,
    Blocked = 2,
    Offline = 3,
}
