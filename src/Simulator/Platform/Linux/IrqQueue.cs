using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Platform.Linux;

/// <summary>
/// Interrupt-context work of one CPU, run in arrival order ahead of every task. The section stays
/// open while Xen deschedules the vCPU (the stolen time counts as irq time, not task time) and
/// resumes when the vCPU runs again.
/// </summary>
internal sealed class IrqQueue(LinuxCpu cpu, Simulation sim) : EventTarget
{
    private (long WorkNs, Action? Done, Action<Xen.Vcpu, Action<long>>? XenCall)[] _items = new (long, Action?, Action<Xen.Vcpu, Action<long>>?)[4];
    private bool _inXen;
    private int _head;
    private int _count;
    private int _token;
    private long _startedNs;
    private bool _armed;

    /// <summary>The handler is inside a hypercall: the vCPU is in Xen.</summary>
    public bool InXen => _inXen;

    /// <summary>Inside an interrupt section (possibly with the vCPU descheduled).</summary>
    public bool Active { get; private set; }

    public bool Pending => _count > 0;

    public void Add(long workNs, Action? done, Action<Xen.Vcpu, Action<long>>? xenCall = null)
    {
        if (_count == _items.Length)
        {
            var bigger = new (long, Action?, Action<Xen.Vcpu, Action<long>>?)[_items.Length * 2];
            for (var i = 0; i < _count; i++) bigger[i] = _items[(_head + i) % _items.Length];
            _items = bigger;
            _head = 0;
        }
        _items[(_head + _count++) % _items.Length] = (Math.Max(0, workNs), done, xenCall);
        if (Active) return;
        if (cpu.IrqMayRun) Start();
        else cpu.KickForIrq();
    }

    private void Start()
    {
        cpu.OnIrqStarted();
        Active = true;
        Arm();
    }

    private void Arm()
    {
        _armed = true;
        _startedNs = sim.NowNs;
        sim.Schedule(this, sim.NowNs + _items[_head].WorkNs, ++_token, priority: -2);
    }

    /// <summary>The vCPU lost its pCPU: keep the section open, remember the work left.</summary>
    public void Pause()
    {
        if (!Active || !_armed) return;
        _armed = false;
        _token++;
        ref var head = ref _items[_head];
        head.WorkNs = Math.Max(0, head.WorkNs - (sim.NowNs - _startedNs));
    }

    /// <summary>The vCPU runs again (or a hypercall returned): continue or start pending work.</summary>
    public void Resume()
    {
        if (!cpu.IrqMayRun) return;
        if (Active) { if (!_armed && !_inXen) Arm(); return; }
        if (_count > 0) Start();
    }

    protected internal override void Fire(int token)
    {
        if (token != _token) return;
        _armed = false;
        if (_items[_head].XenCall is { } enter)
        {
            // The handler's work is done; now it issues a domctl and spins in Xen until it returns.
            _items[_head].XenCall = null;
            _inXen = true;
            enter(cpu.Vcpu, _ =>
            {
                _inXen = false;
                Fire(++_token);
            });
            return;
        }
        var done = _items[_head].Done;
        _items[_head] = default;
        _head = (_head + 1) % _items.Length;
        _count--;
        done?.Invoke();
        if (_count > 0 && cpu.IrqMayRun)
        {
            Arm();
            return;
        }
        Active = false;
        cpu.OnIrqDrained();
    }
}
