using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Linux;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.Toolstack;

/// <summary>
/// The study's dom0 controller: a nice-0 program that, when it acts, reads the counter (the
/// dom0 stamp), then forks and execs `xl pause` (and, for a switch, after it exits, `xl unpause`
/// of the standby), waiting for each child. xl inherits its priority; xl.nice / xl.policy apply
/// through a nice/chrt wrapper, as on the command line.
/// </summary>
public sealed class XlSpawner(ToolstackContext ts, SchedPolicy xlPolicy, int xlNice)
    : LinuxTask(ts.Kernel, "spawner"), ISwitchController
{
    private long _atNs = -1;
    private IReadOnlyList<(SwitchOp Op, Domain Target)> _ops = [];
    private readonly SimEvent _planned = new(ts.Kernel.Sim);

    public long DecisionNs { get; private set; } = -1;

    public List<XlCommand> Launched { get; } = [];

    public void Plan(long atNs, IReadOnlyList<(SwitchOp Op, Domain Target)> ops)
    {
        _atNs = atNs;
        _ops = ops;
        _planned.Signal();
    }

    protected override IEnumerable<Wait> Body()
    {
        while (true)
        {
            while (_atNs < 0) yield return BlockOn(_planned);
            var at = _atNs;
            _atNs = -1;
            if (at > Sim.NowNs) yield return Sleep(at - Sim.NowNs);
            yield return Compute(ts.Work.Ns(3)); // clock_gettime / the counter read
            DecisionNs = Sim.NowNs;
            foreach (var (op, target) in _ops)
            {
                yield return Compute(ts.Work.Ns(ts.P.SpawnerForkCpuUs));
                var xl = new XlCommand(ts, op, target, xlPolicy, xlNice);
                Launched.Add(xl);
                Kernel.Fork(this, xl);
                yield return Wait.Finished(xl); // waitpid
            }
        }
    }
}
