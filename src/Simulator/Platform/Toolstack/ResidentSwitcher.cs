using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Linux;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.Toolstack;

/// <summary>
/// A long-running dom0 process with libxenctrl open: blocked on the failure notice, it wakes,
/// calls xc_domain_pause (and xc_domain_unpause of the standby). No process creation, no libxl
/// start-up, no xenstore: only its wake-up, its own priority and the hypercalls.
/// </summary>
public sealed class ResidentSwitcher : LinuxTask, ISwitchController
{
    private readonly ToolstackContext _ts;
    private readonly SimEvent _notice;
    private IReadOnlyList<(SwitchOp Op, Domain Target)> _ops = [];
    private bool _noticed;

    public ResidentSwitcher(ToolstackContext ts, SchedPolicy policy, int nice)
        : base(ts.Kernel, "switcher", policy, nice)
    {
        _ts = ts;
        _notice = new SimEvent(ts.Kernel.Sim);
    }

    public long DecisionNs { get; private set; } = -1;

    public void Plan(long atNs, IReadOnlyList<(SwitchOp Op, Domain Target)> ops)
    {
        _ops = ops;
        new Notice(this, atNs);
    }

    protected override IEnumerable<Wait> Body()
    {
        while (true)
        {
            while (!_noticed) yield return BlockOn(_notice);
            _noticed = false;
            yield return Compute(_ts.Work.Ns(_ts.P.ResidentWakeCpuUs));
            foreach (var (op, target) in _ops)
                yield return Hypercall(_ts.Work.Ns(_ts.P.HypercallEntryUs), (vcpu, ret) => _ts.EnterDomctl(op, target, vcpu, ret));
        }
    }

    /// <summary>The failure notice (an eventfd from a watchdog) reaching the process.</summary>
    private sealed class Notice : EventTarget
    {
        private readonly ResidentSwitcher _s;

        public Notice(ResidentSwitcher s, long atNs)
        {
            _s = s;
            s.Sim.Schedule(this, atNs);
        }

        protected internal override void Fire(int token)
        {
            _s.DecisionNs = _s.Sim.NowNs;
            _s._noticed = true;
            _s._notice.Signal();
        }
    }
}
