namespace XenSwitchSim.Simulator.Platform.Linux;

/// <summary>Linux scheduling classes that matter here: CFS (SCHED_OTHER) and SCHED_FIFO above it.</summary>
public enum SchedPolicy
{
    Normal,
    Fifo,
}
