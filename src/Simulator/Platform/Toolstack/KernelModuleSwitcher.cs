using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.Toolstack;

/// <summary>
/// A dom0 kernel module: the failure notice is an interrupt on dom0 vCPU0 whose handler issues
/// the domctls itself, in interrupt context: no task to schedule, only the vCPU to be running
/// and whatever interrupt work is ahead of it.
/// </summary>
public sealed class KernelModuleSwitcher(ToolstackContext ts) : EventTarget, ISwitchController
{
    private IReadOnlyList<(SwitchOp Op, Domain Target)> _ops = [];

    public long DecisionNs { get; private set; } = -1;

    public void Plan(long atNs, IReadOnlyList<(SwitchOp Op, Domain Target)> ops)
    {
        _ops = ops;
        ts.Kernel.Sim.Schedule(this, atNs);
    }

    protected internal override void Fire(int token)
    {
        DecisionNs = ts.Kernel.Sim.NowNs;
        var cpu = ts.Kernel.Cpus[0];
        for (var i = 0; i < _ops.Count; i++)
        {
            var (op, target) = _ops[i];
            var work = i == 0 ? ts.Work.Ns(ts.P.KernelModuleHandlerUs) : 0;
            cpu.RaiseIrqHypercall(work, (vcpu, ret) => ts.EnterDomctl(op, target, vcpu, ret));
        }
    }
}
