namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// credit2 (xen/common/sched/credit2.c, 4.13/4.14) with one runqueue for every pCPU, as on the
/// Pi 4 where cpu_to_socket() is 0 for all cores. Credits are ns of run time burned at rate 1
/// (every domain has the default weight 256, so max_weight/weight = 1). Not modelled: caps and
/// budgets, soft affinity (its tickle bonuses are uniform without it), load tracking and
/// balance_load (a no-op with one runqueue), tasklets, SMT.
/// </summary>
internal sealed class Credit2Scheduler : XenScheduler
{
    // CSFLAG_* bits in Vcpu.SchedFlags.
    private const int Scheduled = 1;       // running on, or context-switching off, a pCPU
    private const int DelayedRunqAdd = 2;  // put it on the runqueue once its context is saved
    private const int UnitYield = 4;       // it called vcpu_yield()

    private readonly long _creditInit, _creditMin, _idleCredit, _carryoverMax;
    private readonly long _minTimer, _maxTimer, _ratelimit, _tickleTolerance;
    private readonly long _migrateResist, _migrateCompensation;

    /// <summary>rqd-&gt;runq: runnable vCPUs not on a pCPU, by decreasing credit.</summary>
    private readonly VcpuList _runq = new();

    /// <summary>rqd-&gt;svc: every vCPU assigned to the runqueue (reset_credit walks them all).</summary>
    private readonly VcpuList _svc = new();

    private readonly bool[] _idle;     // rqd->idle: the pCPU chose idle at its last schedule
    private readonly bool[] _tickled;  // rqd->tickled: poked, its schedule() has not run yet

    public Credit2Scheduler(Hypervisor xen) : base(xen)
    {
        var c = xen.Costs;
        _creditInit = c.Credit2CreditInitNs;
        _creditMin = -_creditInit;              // CSCHED2_CREDIT_MIN
        _idleCredit = _creditMin - 1;           // CSCHED2_IDLE_CREDIT
        _carryoverMax = c.Credit2CarryoverMaxNs;
        _minTimer = c.Credit2MinTimerNs;
        _maxTimer = c.Credit2MaxTimerNs;
        _ratelimit = c.RatelimitNs;
        _tickleTolerance = c.RatelimitToleranceNs;
        _migrateResist = c.Credit2MigrateResistNs;
        _migrateCompensation = c.Credit2MigrateCompensationNs;
        _idle = new bool[xen.Pcpus.Length];
        _tickled = new bool[xen.Pcpus.Length];
        Array.Fill(_idle, true);
    }

    /// <summary>csched2_unit_insert + csched2_alloc_udata: joins the runqueue's svc list with CREDIT_INIT.</summary>
    public override void Insert(Vcpu v)
    {
        v.CreditNs = _creditInit;
        v.TickledPcpu = -1;
        v.SchedFlags = 0;
        _svc.Add(v);
    }

    /// <summary>csched2_unit_wake.</summary>
    public override void Wake(Vcpu v)
    {
        if (ReferenceEquals(Xen.Pcpus[v.LastPcpu].Current, v)) return; // still current: nothing to do
        if (v.OnRunq) return;
        // Its context is still being saved somewhere: it cannot be queued yet.
        if ((v.SchedFlags & Scheduled) != 0)
        {
            v.SchedFlags |= DelayedRunqAdd;
            return;
        }
        RunqInsert(v);
        RunqTickle(v, Now);
    }

    /// <summary>csched2_unit_sleep.</summary>
    public override void Sleep(Vcpu v)
    {
        if (ReferenceEquals(Xen.Pcpus[v.LastPcpu].Current, v)) TickleCpu(v.LastPcpu);
        else if (v.OnRunq) RunqRemove(v);
        else v.SchedFlags &= ~DelayedRunqAdd;
    }

    /// <summary>csched2_unit_yield: runq_candidate will not let ratelimit keep it, and prefers anyone else.</summary>
    public override void Yield(Vcpu v) => v.SchedFlags |= UnitYield;

    /// <summary>csched2_context_saved: a vCPU woken while it was being switched off is queued now.</summary>
    public override void ContextSaved(Vcpu v)
    {
        v.SchedFlags &= ~Scheduled;
        if ((v.SchedFlags & DelayedRunqAdd) == 0) return;
        v.SchedFlags &= ~DelayedRunqAdd;
        if (!v.IsRunnable) return;
        RunqInsert(v);
        RunqTickle(v, Now);
    }

    /// <summary>csched2_schedule.</summary>
    public override Vcpu? DoSchedule(Pcpu p, Vcpu? prev, long now, out long nextTimeNs)
    {
        var cpu = p.Id;
        _tickled[cpu] = false; // we have been scheduled
        if (prev is not null) BurnCredits(prev, now);

        var snext = RunqCandidate(p, prev, now);

        // Switching away from a runnable vCPU: it goes back on the runqueue once saved.
        if (!ReferenceEquals(snext, prev) && prev is not null && prev.IsRunnable)
            prev.SchedFlags |= DelayedRunqAdd;

        if (snext is not null)
        {
            if (!ReferenceEquals(snext, prev))
            {
                RunqRemove(snext);
                snext.SchedFlags |= Scheduled;
            }
            _idle[cpu] = false;

            // The epoch ends when the best candidate has no credit left.
            var topCredit = _runq.Count == 0 ? snext.CreditNs : Math.Max(snext.CreditNs, _runq[0].CreditNs);
            if (topCredit <= 0) ResetCredit(now, snext);

            snext.StartTimeNs = now;
            snext.TickledPcpu = -1;
            if (snext.LastPcpu != cpu) snext.CreditNs += _migrateCompensation;
        }
        else
        {
            _idle[cpu] = true;
        }

        nextTimeNs = Runtime(p, snext, prev, now);
        return snext;
    }

    /// <summary>
    /// runq_candidate: the current vCPU keeps the pCPU while it is within its ratelimit (unless
    /// yielding); otherwise the first runqueue vCPU allowed here that beats it on credit wins,
    /// where one last run elsewhere must beat it by migrate_resist.
    /// </summary>
    private Vcpu? RunqCandidate(Pcpu p, Vcpu? scurr, long now)
    {
        var cpu = p.Id;
        var yield = false;
        Vcpu? snext = null;
        if (scurr is not null)
        {
            yield = (scurr.SchedFlags & UnitYield) != 0;
            scurr.SchedFlags &= ~UnitYield;
            if (!yield && _ratelimit > 0 && scurr.IsRunnable && now - p.CurrentSinceNs < _ratelimit)
                return scurr;
            if (scurr.IsRunnable) snext = scurr;
        }
        var snextCredit = snext?.CreditNs ?? _idleCredit;

        for (var i = 0; i < _runq.Count; i++)
        {
            var svc = _runq[i];
            if (!svc.CanRunOn(cpu)) continue;
            // Meant for another pCPU that has not scheduled yet: leave it to that one.
            if (svc.TickledPcpu != -1 && svc.TickledPcpu != cpu && _tickled[svc.TickledPcpu]) continue;
            if (svc.LastPcpu != cpu && snextCredit + _migrateResist > svc.CreditNs) continue;
            if ((yield || svc.CreditNs > snextCredit) && svc.IsRunnable) snext = svc;
            break; // the runqueue is sorted: the first eligible one decides
        }
        return snext;
    }

    /// <summary>
    /// csched2_runtime: run until snext's credit drops to the runqueue head's (or to 0), within
    /// [max(MIN_TIMER, remaining ratelimit), MAX_TIMER]; no timer when idle.
    /// </summary>
    private long Runtime(Pcpu p, Vcpu? snext, Vcpu? prev, long now)
    {
        if (snext is null) return -1;
        var minTime = _minTimer;
        if (_ratelimit > 0)
        {
            // is_running is still false for a vCPU about to be switched in: a full ratelimit.
            var ratelimitMin = ReferenceEquals(snext, prev) ? p.CurrentSinceNs + _ratelimit - now : _ratelimit;
            if (ratelimitMin > minTime) minTime = ratelimitMin;
        }
        var rtCredit = snext.CreditNs;
        if (_runq.Count > 0 && _runq[0].CreditNs > 0) rtCredit = snext.CreditNs - _runq[0].CreditNs;
        var time = rtCredit > 0 ? rtCredit : 0;
        if (time < minTime) time = minTime;
        else if (time > _maxTimer) time = _maxTimer;
        return time;
    }

    /// <summary>
    /// reset_credit: every vCPU of the runqueue (running, queued, blocked or paused) gets
    /// CREDIT_INIT more, clipped to CREDIT_INIT + CARRYOVER_MAX; running ones burn first.
    /// </summary>
    private void ResetCredit(long now, Vcpu snext)
    {
        var reset = _creditInit;
        if (snext.CreditNs == _creditMin) reset += _creditInit;
        var max = _creditInit + _carryoverMax;
        for (var i = 0; i < _svc.Count; i++)
        {
            var svc = _svc[i];
            if (svc.Pcpu is { } sp && ReferenceEquals(sp.Current, svc)) BurnCredits(svc, now);
            svc.CreditNs += reset;
            if (svc.CreditNs > max) svc.CreditNs = max;
            svc.StartTimeNs = now;
        }
        // No re-sort: everyone's order is the same.
    }

    /// <summary>burn_credits + t2c_update at weight 256: one ns of credit per ns run, floored at CREDIT_MIN.</summary>
    private void BurnCredits(Vcpu svc, long now)
    {
        var delta = now - svc.StartTimeNs;
        if (delta <= 0) return;
        var credit = svc.CreditNs - delta;
        svc.CreditNs = credit < _creditMin ? _creditMin : credit;
        svc.StartTimeNs = now;
    }

    /// <summary>runq_insert: before the first vCPU with less credit (FIFO among equals).</summary>
    private void RunqInsert(Vcpu v)
    {
        var pos = 0;
        while (pos < _runq.Count && v.CreditNs <= _runq[pos].CreditNs) pos++;
        _runq.Insert(pos, v);
        v.OnRunq = true;
    }

    private void RunqRemove(Vcpu v)
    {
        _runq.Remove(v);
        v.OnRunq = false;
    }

    private void TickleCpu(int cpu)
    {
        _tickled[cpu] = true;
        Xen.RaiseScheduleSoftirq(Xen.Pcpus[cpu]);
    }

    /// <summary>
    /// runq_tickle: an idle, non-tickled pCPU in the vCPU's affinity (its own pCPU first, else
    /// the next one cyclically); failing that, the busy non-tickled pCPU with the best
    /// tickle_score, taking its own pCPU at once when that scores. Nothing above 0: no pCPU is
    /// tickled and the vCPU waits for a scheduling point.
    /// </summary>
    private void RunqTickle(Vcpu v, long now)
    {
        var n = _idle.Length;
        var cpu = v.LastPcpu;
        for (var k = 0; k < n; k++) // cpumask_test_or_cycle over idle & ~tickled & affinity
        {
            var i = (cpu + k) % n;
            if (_idle[i] && !_tickled[i] && v.CanRunOn(i))
            {
                Tickle(v, i);
                return;
            }
        }

        var ipid = -1;
        var max = 0L;
        if (!_idle[cpu] && !_tickled[cpu] && v.CanRunOn(cpu))
        {
            var score = TickleScore(now, v, cpu);
            if (score > max)
            {
                // Every pCPU is in the (default, full) soft affinity: take it.
                Tickle(v, cpu);
                return;
            }
        }
        for (var i = 0; i < n; i++)
        {
            if (i == cpu || _idle[i] || _tickled[i] || !v.CanRunOn(i)) continue;
            var score = TickleScore(now, v, i);
            if (score > max)
            {
                max = score;
                ipid = i;
            }
        }
        if (ipid >= 0) Tickle(v, ipid);
    }

    private void Tickle(Vcpu v, int cpu)
    {
        TickleCpu(cpu);
        v.TickledPcpu = cpu;
    }

    /// <summary>
    /// tickle_score: credit advantage of the newcomer over the pCPU's current vCPU, less
    /// migrate_resist away from its own pCPU; -1 if the current one is not preemptable yet.
    /// </summary>
    private long TickleScore(long now, Vcpu v, int cpu)
    {
        var p = Xen.Pcpus[cpu];
        var cur = p.Current;
        if (cur is null || !IsPreemptable(p, now)) return -1;
        BurnCredits(cur, now);
        var score = v.CreditNs - cur.CreditNs;
        if (v.LastPcpu != cpu) score -= _migrateResist;
        return score;
    }

    /// <summary>is_preemptable: it has run more than ratelimit - RATELIMIT_TICKLE_TOLERANCE.</summary>
    private bool IsPreemptable(Pcpu p, long now) =>
        _ratelimit <= _tickleTolerance || now - p.CurrentSinceNs > _ratelimit - _tickleTolerance;
}
