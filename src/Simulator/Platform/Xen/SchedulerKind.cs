namespace XenSwitchSim.Simulator.Platform.Xen;

public enum SchedulerKind
{
    Credit2,
    Null,
    Credit,
}
