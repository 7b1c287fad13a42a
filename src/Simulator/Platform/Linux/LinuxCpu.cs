using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.Linux;

/// <summary>
/// One dom0 vCPU as Linux sees it: a CFS runqueue (nice weights, vruntime, tick-driven and
/// wakeup preemption) with SCHED_FIFO above it, interrupt work that steals the CPU from the
/// current task, and the scheduler tick at HZ. Time is charged to the current task by wall
/// clock, including time Xen stole by descheduling the vCPU (no PARAVIRT_TIME_ACCOUNTING), but
/// its work progresses only while the vCPU holds a pCPU and no interrupt work runs.
/// </summary>
public sealed class LinuxCpu : IGuestCpu
{
    private readonly LinuxKernel _k;
    private readonly Simulation _sim;
    private LinuxTask[] _rq = new LinuxTask[8];
    private int _rqCount;
    private long _lastUpdateNs;
    private bool _needResched;
    private bool _tickPending;
    private readonly CompletionTimer _completion;
    private readonly TickTimer _tick;
    private readonly IrqQueue _irq;

    internal LinuxCpu(LinuxKernel kernel, int index, long tickPhaseNs)
    {
        _k = kernel;
        _sim = kernel.Sim;
        Index = index;
        _completion = new CompletionTimer(this);
        _tick = new TickTimer(this, tickPhaseNs);
        _irq = new IrqQueue(this, kernel.Sim);
    }

    public int Index { get; }
    public Vcpu Vcpu { get; internal set; } = null!;
    public LinuxTask? Curr { get; private set; }
    public bool VcpuRunning { get; private set; }
    public long MinVruntimeNs { get; private set; }

    /// <summary>Interrupt-context work is running (hardirq, softirq on irq exit, a module's handler).</summary>
    public bool InIrq => _irq.Active;

    public int QueuedCount => _rqCount;

    /// <summary>nr_running: queued tasks plus the current one.</summary>
    public int NrRunning => _rqCount + (Curr is null ? 0 : 1);

    /// <summary>Sum of the weights of runnable tasks (a stand-in for PELT load in placement).</summary>
    public long Load
    {
        get
        {
            long w = Curr?.Weight ?? 0;
            for (var i = 0; i < _rqCount; i++) w += _rq[i].Weight;
            return w;
        }
    }

    public bool IsIdle => Curr is null && _rqCount == 0 && !_irq.Pending;

    // ------------------------------------------------------------------ accounting

    /// <summary>update_curr(): charge the time since the last update to the current task.</summary>
    /// <summary>Brings the current task's accounting up to now (tests read SumExec afterwards).</summary>
    public void UpdateCurrForTest() => UpdateCurr();

    internal void UpdateCurr()
    {
        var now = _sim.NowNs;
        var delta = now - _lastUpdateNs;
        _lastUpdateNs = now;
        var curr = Curr;
        if (delta <= 0 || curr is null || _irq.Active) return; // irq time is not charged (IRQ_TIME_ACCOUNTING)
        curr.SumExecNs += delta;
        if (!curr.IsFifo) curr.VruntimeNs += delta * NiceWeights.Nice0Load / curr.Weight;
        if (VcpuRunning && curr.RemainingWorkNs != LinuxTask.Forever)
            curr.RemainingWorkNs = Math.Max(0, curr.RemainingWorkNs - delta);
        UpdateMinVruntime();
    }

    private void UpdateMinVruntime()
    {
        var vr = long.MaxValue;
        if (Curr is { IsFifo: false } c) vr = c.VruntimeNs;
        for (var i = 0; i < _rqCount; i++)
            if (!_rq[i].IsFifo && _rq[i].VruntimeNs < vr) vr = _rq[i].VruntimeNs;
        if (vr != long.MaxValue && vr > MinVruntimeNs) MinVruntimeNs = vr;
    }

    /// <summary>(Re)arms the completion of the current task's CPU work, if it can progress now.</summary>
    internal void Replan()
    {
        var curr = Curr;
        if (curr is not null && VcpuRunning && !_irq.Active && !curr.InXen && curr.RemainingWorkNs != LinuxTask.Forever
            && curr.State == TaskState.Current)
            _completion.Arm(_sim.NowNs + curr.RemainingWorkNs);
        else
            _completion.Cancel();
    }

    private void OnWorkCompleted()
    {
        UpdateCurr();
        var curr = Curr;
        if (curr is null || curr.RemainingWorkNs > 0) { Replan(); return; }
        if (curr.PendingXenCall is { } enter)
        {
            curr.PendingXenCall = null;
            curr.InXen = true;
            curr.NonPreemptible = true;
            curr.RemainingWorkNs = LinuxTask.Forever; // spinning in Xen, charged as its own time
            Replan();
            enter(Vcpu, _ => ReturnFromXen(curr));
            return;
        }
        if (curr.NonPreemptible)
        {
            curr.NonPreemptible = false;
            if (_needResched) { Schedule(); }
        }
        curr.Activate(); // its body goes on at this instant; it stays current meanwhile
    }

    private void ReturnFromXen(LinuxTask task)
    {
        UpdateCurr();
        task.InXen = false;
        task.NonPreemptible = false;
        task.RemainingWorkNs = 0;
        task.Activate();
        if (_tickPending) { _tickPending = false; TaskTick(); }
        _irq.Resume();
        if (_needResched && !_irq.Active) Schedule();
        else Replan();
    }

    // ------------------------------------------------------------------ runqueue

    internal void Enqueue(LinuxTask t)
    {
        if (_rqCount == _rq.Length) Array.Resize(ref _rq, _rqCount * 2);
        t.State = TaskState.Runnable;
        t.Cpu = this;
        t.EnqueueSeq = _k.NextEnqueueSeq();
        _rq[_rqCount++] = t;
    }

    /// <summary>The current task blocks or exits: account it and pick the next.</summary>
    internal void DequeueCurrent(LinuxTask t)
    {
        UpdateCurr();
        var leaving = Curr == t ? t : null;
        if (leaving is not null) Curr = null;
        t.NonPreemptible = false;
        Schedule(leaving);
    }

    internal void Dequeue(LinuxTask t)
    {
        for (var i = 0; i < _rqCount; i++)
        {
            if (_rq[i] != t) continue;
            _rq[i] = _rq[--_rqCount];
            _rq[_rqCount] = null!;
            return;
        }
    }

    /// <summary>Removes a queued (not current) task for migration; false if it is not here.</summary>
    internal bool TryTakeQueued(out LinuxTask? task)
    {
        for (var i = 0; i < _rqCount; i++)
        {
            var t = _rq[i];
            if (t.PinnedCpu >= 0) continue;
            _rq[i] = _rq[--_rqCount];
            _rq[_rqCount] = null!;
            task = t;
            return true;
        }
        task = null;
        return false;
    }

    /// <summary>pick_next_task: the highest FIFO task in arrival order, else CFS's leftmost.</summary>
    private int PickIndex()
    {
        var best = -1;
        for (var i = 0; i < _rqCount; i++)
        {
            var t = _rq[i];
            if (best < 0) { best = i; continue; }
            var b = _rq[best];
            if (t.IsFifo != b.IsFifo) { if (t.IsFifo) best = i; continue; }
            if (t.IsFifo ? t.EnqueueSeq < b.EnqueueSeq
                         : t.VruntimeNs < b.VruntimeNs || (t.VruntimeNs == b.VruntimeNs && t.EnqueueSeq < b.EnqueueSeq))
                best = i;
        }
        return best;
    }

    private LinuxTask? Leftmost()
    {
        LinuxTask? best = null;
        for (var i = 0; i < _rqCount; i++)
        {
            var t = _rq[i];
            if (t.IsFifo) continue;
            if (best is null || t.VruntimeNs < best.VruntimeNs) best = t;
        }
        return best;
    }

    /// <summary>
    /// __schedule(): put the current task back if it still runs, pick the next. <paramref name="leaving"/> is the
    /// task that just blocked or exited on this CPU (no longer current), so the observer sees who handed the CPU over.
    /// </summary>
    internal void Schedule(LinuxTask? leaving = null)
    {
        UpdateCurr();
        _needResched = false;
        var prev = Curr;
        if (prev is not null && prev.State == TaskState.Current)
        {
            if (prev.NonPreemptible) { _needResched = true; return; }
            Enqueue(prev);
        }
        Curr = null;
        var i = PickIndex();
        if (i < 0 && _k.IdleBalance(this)) i = PickIndex();
        if (i >= 0)
        {
            var next = _rq[i];
            _rq[i] = _rq[--_rqCount];
            _rq[_rqCount] = null!;
            next.State = TaskState.Current;
            next.PrevSumExecNs = next.SumExecNs;
            Curr = next;
            _k.Observer?.Invoke(_sim.NowNs, Index, prev ?? leaving, next);
        }
        else if ((prev ?? leaving) is { } gone) _k.Observer?.Invoke(_sim.NowNs, Index, gone, null);
        UpdateMinVruntime();
        Replan();
        if (Curr is null && _rqCount == 0) GoIdle();
        else _tick.EnsureRunning();
    }

    /// <summary>Preempt the current task now, or as soon as its non-preemptible section ends.</summary>
    internal void Resched()
    {
        if (Curr is { NonPreemptible: true } || _irq.Active || !VcpuRunning) { _needResched = true; return; }
        Schedule();
    }

    /// <summary>check_preempt_curr / check_preempt_wakeup for a task just queued here.</summary>
    internal void CheckPreemptWakeup(LinuxTask woken)
    {
        if (!VcpuRunning)
        {
            if (Vcpu.Blocked) _k.Xen.Kick(Vcpu);
            else if (Curr is null) _needResched = true;
            return;
        }
        var curr = Curr;
        if (curr is null) { Resched(); return; }
        if (woken.IsFifo) { if (!curr.IsFifo) Resched(); return; }
        if (curr.IsFifo) return;
        UpdateCurr();
        var gran = _k.Tunables.WakeupGranularityNs * NiceWeights.Nice0Load / woken.Weight;
        if (curr.VruntimeNs - woken.VruntimeNs > gran) Resched();
    }

    private void GoIdle()
    {
        _tick.Stop();
        if (VcpuRunning && !_irq.Pending && Vcpu.RunState == RunState.Running) _k.Xen.Block(Vcpu);
    }

    // ------------------------------------------------------------------ CFS slices and the tick

    private long SumCfsWeight()
    {
        long w = Curr is { IsFifo: false } c ? c.Weight : 0;
        for (var i = 0; i < _rqCount; i++) if (!_rq[i].IsFifo) w += _rq[i].Weight;
        return w;
    }

    private int NrCfs()
    {
        var n = Curr is { IsFifo: false } ? 1 : 0;
        for (var i = 0; i < _rqCount; i++) if (!_rq[i].IsFifo) n++;
        return n;
    }

    /// <summary>sched_slice(): the task's share of the period by weight.</summary>
    internal long SliceNs(LinuxTask t, int nr, long sumWeight) =>
        _k.Tunables.PeriodNs(nr) * t.Weight / Math.Max(1, sumWeight);

    /// <summary>Vruntime debit of a forked child: sched_vslice of a new entity on this runqueue.</summary>
    internal long ForkVsliceNs(LinuxTask child)
    {
        var nr = NrCfs() + 1;
        var sum = SumCfsWeight() + child.Weight;
        return SliceNs(child, nr, sum) * NiceWeights.Nice0Load / child.Weight;
    }

    private void OnTick()
    {
        if (!VcpuRunning || Curr is { InXen: true } || _irq.InXen) { _tickPending = true; return; }
        TaskTick();
    }

    /// <summary>task_tick_fair → check_preempt_tick (only when more than one CFS task is here).</summary>
    private void TaskTick()
    {
        UpdateCurr();
        var curr = Curr;
        if (curr is null || curr.IsFifo) return;
        var nr = NrCfs();
        if (nr <= 1) return;
        var ideal = SliceNs(curr, nr, SumCfsWeight());
        var deltaExec = curr.SumExecNs - curr.PrevSumExecNs;
        if (deltaExec > ideal) { Resched(); return; }
        if (deltaExec < _k.Tunables.MinGranularityNs) return;
        var left = Leftmost();
        if (left is not null && curr.VruntimeNs - left.VruntimeNs > ideal) Resched();
    }

    // ------------------------------------------------------------------ interrupt work

    /// <summary>
    /// Interrupt-context work on this CPU (hardirq plus softirq on irq exit, or a module's handler):
    /// it runs before any task, cannot be preempted, and its time is not charged to the task it
    /// interrupts. Waits for the vCPU to run (kicking it if blocked).
    /// </summary>
    public void RaiseIrq(long workNs, Action? onDone = null) => _irq.Add(workNs, onDone);

    /// <summary>Interrupt-context work that ends in a hypercall (a kernel module's switch handler).</summary>
    public void RaiseIrqHypercall(long workNs, Action<Vcpu, Action<long>> enterXen, Action? onDone = null) =>
        _irq.Add(workNs, onDone, enterXen);

    internal void OnIrqStarted()
    {
        UpdateCurr();
        _completion.Cancel();
    }

    internal void OnIrqDrained()
    {
        _lastUpdateNs = _sim.NowNs;
        if (_tickPending && Curr is not { InXen: true }) { _tickPending = false; TaskTick(); }
        if (_needResched || (Curr is null && _rqCount > 0)) Schedule();
        else
        {
            Replan();
            if (Curr is null && _rqCount == 0) GoIdle();
        }
    }

    internal bool IrqMayRun => VcpuRunning && Curr is not { InXen: true };

    internal void KickForIrq()
    {
        if (!VcpuRunning && Vcpu.Blocked) _k.Xen.Kick(Vcpu);
    }

    // ------------------------------------------------------------------ Xen's view

    public void OnRun(Vcpu vcpu)
    {
        UpdateCurr();
        VcpuRunning = true;
        if (_tickPending && Curr is not { InXen: true }) { _tickPending = false; TaskTick(); }
        _irq.Resume();
        if (_irq.Active) return;
        if (_needResched || (Curr is null && _rqCount > 0)) Schedule();
        else
        {
            Replan();
            if (Curr is null && _rqCount == 0) GoIdle();
        }
    }

    public void OnStop(Vcpu vcpu)
    {
        UpdateCurr();
        VcpuRunning = false;
        _irq.Pause();
        Replan();
    }

    internal void StartTick() => _tick.EnsureRunning();

    private sealed class CompletionTimer(LinuxCpu cpu) : EventTarget
    {
        private int _token;
        public void Arm(long atNs) => cpu._sim.Schedule(this, atNs, ++_token);
        public void Cancel() => _token++;
        protected internal override void Fire(int token)
        {
            if (token == _token) cpu.OnWorkCompleted();
        }
    }

    /// <summary>The periodic scheduler tick at HZ, on a grid with a per-CPU phase; stopped while idle (NO_HZ_IDLE).</summary>
    private sealed class TickTimer(LinuxCpu cpu, long phaseNs) : EventTarget
    {
        private int _token;
        private bool _running;

        public void EnsureRunning()
        {
            if (_running) return;
            _running = true;
            var tick = cpu._k.Tunables.TickNs;
            var now = cpu._sim.NowNs;
            var k = (now - phaseNs + tick) / tick; // next grid point strictly after now
            if (now < phaseNs) k = 0;
            cpu._sim.Schedule(this, phaseNs + k * tick, ++_token, priority: -1);
        }

        public void Stop()
        {
            _running = false;
            _token++;
        }

        protected internal override void Fire(int token)
        {
            if (token != _token) return;
            cpu._sim.Schedule(this, cpu._sim.NowNs + cpu._k.Tunables.TickNs, ++_token, priority: -1);
            cpu.OnTick();
        }
    }
}
