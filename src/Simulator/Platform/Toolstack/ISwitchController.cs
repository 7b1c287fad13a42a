using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.Toolstack;

/// <summary>
/// How dom0 issues the operations (switch.mechanism): xl launched by a program, a resident
/// process calling libxenctrl, or a kernel module. <see cref="DecisionNs"/> is where true times
/// start: the study's dom0 stamp before launching xl, or the failure notice's arrival.
/// </summary>
public interface ISwitchController
{
    long DecisionNs { get; }

    /// <summary>At <paramref name="atNs"/>, perform <paramref name="ops"/> in order, each after the previous returned.</summary>
    void Plan(long atNs, IReadOnlyList<(SwitchOp Op, Domain Target)> ops);
}
