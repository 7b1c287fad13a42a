using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Linux;

namespace XenSwitchSim.Simulator.Platform.Workloads;

/// <summary>
/// Network receive on dom0 vCPU0 (Xen routes the NIC's SPI and dom0's event channels there):
/// coalesced interrupts bring NAPI work; on irq exit __do_softirq processes it inline, without
/// preemption and uncharged to the interrupted task, for at most MAX_SOFTIRQ_TIME (until the
/// next jiffy); what is left wakes ksoftirqd/0, a nice-0 CFS task, and while ksoftirqd is
/// runnable new work waits for it (ksoftirqd_running()). Work is a fluid in CPU-ns.
/// </summary>
public sealed class NetRxSoftirq : EventTarget
{
    private readonly Simulation _sim;
    private readonly LinuxCpu _cpu;
    private readonly CpuWork _work;
    private readonly RandomStream _rng;
    private readonly Func<double> _coreShare;
    private readonly long _intervalNs;
    private readonly long _tickNs;
    private readonly Ksoftirqd _ksoftirqd;
    private long _backlogNs;
    private bool _inlineRunning;

    public NetRxSoftirq(LinuxKernel kernel, CpuWork work, PlatformParameters p, Func<double> coreShare, RandomStream rng)
    {
        _sim = kernel.Sim;
        _cpu = kernel.Cpus[0];
        _work = work;
        _rng = rng;
        _coreShare = coreShare;
        _intervalNs = (long)(p.NetIrqIntervalUs * 1000);
        _tickNs = kernel.Tunables.TickNs;
        _ksoftirqd = new Ksoftirqd(kernel, this, (long)(p.SoftirqChunkUs * 1000));
        _ksoftirqd.StartAt(0);
        _sim.Schedule(this, _rng.NextLong(_intervalNs) + 1);
    }

    public long BacklogNs => _backlogNs;

    /// <summary>A batch of packets arrives: the NIC interrupts unless softirq work is already in flight.</summary>
    protected internal override void Fire(int token)
    {
        _sim.Schedule(this, _sim.NowNs + _intervalNs / 2 + _rng.NextLong(_intervalNs) + 1);
        var share = _coreShare();
        if (share <= 0) return;
        _backlogNs += _work.Ns(share * _intervalNs / 1000.0);
        if (_inlineRunning || _ksoftirqd.Awake) return;
        StartInline();
    }

    private void StartInline()
    {
        // MAX_SOFTIRQ_TIME = msecs_to_jiffies(2) = 1 jiffy at HZ=250: inline work ends by the next tick.
        var untilJiffy = _tickNs - _sim.NowNs % _tickNs;
        var chunk = Math.Min(_backlogNs, untilJiffy);
        _backlogNs -= chunk;
        _inlineRunning = true;
        _cpu.RaiseIrq(chunk, OnInlineDone);
    }

    private void OnInlineDone()
    {
        _inlineRunning = false;
        if (_backlogNs > 0) _ksoftirqd.Wake();
    }

    internal long TakeChunk(long maxNs)
    {
        var c = Math.Min(_backlogNs, maxNs);
        _backlogNs -= c;
        return c;
    }

    private sealed class Ksoftirqd(LinuxKernel kernel, NetRxSoftirq rx, long chunkNs)
        : LinuxTask(kernel, "ksoftirqd/0", SchedPolicy.Normal, 0, pinnedCpu: 0)
    {
        private readonly SimEvent _kick = new(kernel.Sim);

        public bool Awake { get; private set; }

        public void Wake()
        {
            if (Awake) return;
            Awake = true;
            _kick.Signal();
        }

        protected override IEnumerable<Wait> Body()
        {
            while (true)
            {
                while (!Awake) yield return BlockOn(_kick);
                var chunk = rx.TakeChunk(chunkNs);
                if (chunk == 0)
                {
                    Awake = false;
                    continue;
                }
                yield return ComputeNonPreemptible(chunk); // __do_softirq with BH disabled; cond_resched after
            }
        }
    }
}
