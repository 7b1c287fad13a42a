using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// credit1 (xen/common/sched/credit.c), for platforms that lack null (e.g. Debian's x86 Xen):
/// 30 ms slices, a 10 ms accounting tick per pCPU that debits the running vCPU, global
/// accounting every 30 ms that shares the pCPUs' credit among active vCPUs in proportion to
/// weight (all 256 here) and sets UNDER/OVER, BOOST for a vCPU that wakes while UNDER, 1 ms
/// ratelimit. Credit is kept in ns (Xen's 10 credits per ms scaled to 1 per ns).
/// </summary>
/// <remarks>
/// Simplification: one global run queue instead of per-pCPU queues plus work stealing. With a
/// few vCPUs on 4 pCPUs this is what stealing converges to (an idle pCPU takes the best waiter at
/// once), without the steal's peer scan; a vCPU whose context is still being saved elsewhere is
/// skipped, as csched_runq_steal skips is_running ones, and re-tickles once saved. Not
/// modelled: caps and parking, soft affinity, csched_cpu_pick migrations of running vCPUs,
/// tasklets; the run queue is re-sorted at accounting time rather than at each pCPU's next tick.
/// </remarks>
internal sealed class CreditScheduler : XenScheduler
{
    private const int FlagYield = 1;      // CSCHED_FLAG_UNIT_YIELD
    private const long Weight = 256;      // CSCHED_DEFAULT_WEIGHT, every domain

    private readonly long _tslice, _tick, _ratelimit, _minTimer;
    private readonly VcpuList _runq = new();   // by priority, FIFO within one
    private readonly bool[] _idlers;           // prv->idlers
    private readonly Ticker[] _tickers;        // per-pCPU accounting tick
    private readonly int[] _tickerTokens;
    private readonly Accounting _acct;         // prv->master_ticker
    private readonly long _acctOrigin;         // the accounting's phase
    private bool _acctStopped;
    private long _creditBalance;               // prv->credit_balance
    private int _lastTickle;                   // last_tickle_cpu

    public CreditScheduler(Hypervisor xen) : base(xen)
    {
        var c = xen.Costs;
        _tslice = c.Credit1SliceNs;
        _tick = c.Credit1TickNs;
        _ratelimit = c.RatelimitNs;
        _minTimer = c.Credit1MinTimerNs;
        var n = xen.Pcpus.Length;
        _idlers = new bool[n];
        Array.Fill(_idlers, true);
        _tickers = new Ticker[n];
        _tickerTokens = new int[n];
        for (var i = 0; i < n; i++) _tickers[i] = new Ticker(this, i);
        _acct = new Accounting(this);
        _acctOrigin = xen.Sim.NowNs;
        xen.Sim.Schedule(_acct, _acctOrigin + _tslice);
    }

    /// <summary>csched_alloc_udata: UNDER with no credit, not yet active.</summary>
    public override void Insert(Vcpu v)
    {
        v.PriorityClass = CreditPriority.Under;
        v.CreditNs = 0;
        v.SchedFlags = 0;
        v.CreditActive = false;
    }

    /// <summary>csched_unit_wake: a vCPU waking while UNDER is boosted, then queued and tickled.</summary>
    public override void Wake(Vcpu v)
    {
        if (ReferenceEquals(Xen.Pcpus[v.LastPcpu].Current, v)) return;
        if (v.OnRunq) return;
        if (v.PriorityClass == CreditPriority.Under) v.PriorityClass = CreditPriority.Boost;
        RunqInsert(v);
        RunqTickle(v);
    }

    /// <summary>csched_unit_sleep.</summary>
    public override void Sleep(Vcpu v)
    {
        if (ReferenceEquals(Xen.Pcpus[v.LastPcpu].Current, v)) Xen.RaiseScheduleSoftirq(Xen.Pcpus[v.LastPcpu]);
        else if (v.OnRunq) RunqRemove(v);
    }

    public override void Yield(Vcpu v) => v.SchedFlags |= FlagYield;

    /// <summary>A queued vCPU skipped while its context was live can now run anywhere: tickle again.</summary>
    public override void ContextSaved(Vcpu v)
    {
        if (v.OnRunq) RunqTickle(v);
    }

    /// <summary>csched_schedule.</summary>
    public override Vcpu? DoSchedule(Pcpu p, Vcpu? prev, long now, out long nextTimeNs)
    {
        var cpu = p.Id;
        var runtime = prev is null ? 0 : Math.Max(0, now - p.CurrentSinceNs);
        if (prev is not null) BurnCredits(prev, now);

        // Ratelimit: a runnable current vCPU that has run less than 1 ms keeps going, with a
        // timer for the rest (never shorter than CSCHED_MIN_TIMER), unless it yields.
        if (prev is not null && (prev.SchedFlags & FlagYield) == 0 && _ratelimit > 0 && prev.IsRunnable && runtime < _ratelimit)
        {
            nextTimeNs = runtime < _minTimer ? _minTimer : _ratelimit - runtime;
            return prev;
        }

        if (prev is not null && prev.IsRunnable) RunqInsert(prev);
        if (prev is not null) prev.SchedFlags &= ~FlagYield;

        Vcpu? snext = null;
        for (var i = 0; i < _runq.Count; i++)
        {
            var c = _runq[i];
            if (!c.CanRunOn(cpu) || !c.IsRunnable) continue;
            if (c.IsRunning && !ReferenceEquals(c, prev)) continue; // context still live elsewhere
            _runq.RemoveAt(i);
            c.OnRunq = false;
            snext = c;
            break;
        }

        _idlers[cpu] = snext is null;
        if (snext is not null) snext.StartTimeNs = now;
        nextTimeNs = snext is null ? -1 : _tslice;

        // The accounting tick stops when the pCPU idles and restarts, aligned, when it gets work.
        if (prev is not null && snext is null) _tickerTokens[cpu]++;
        if (prev is null && snext is not null)
            Xen.Sim.Schedule(_tickers[cpu], now + _tick - now % _tick, ++_tickerTokens[cpu]);
        return snext;
    }

    /// <summary>burn_credits: the running vCPU pays for the time since it was last charged.</summary>
    private static void BurnCredits(Vcpu v, long now)
    {
        var delta = now - v.StartTimeNs;
        if (delta <= 0) return;
        v.CreditNs -= delta;
        v.StartTimeNs = now;
    }

    /// <summary>__runq_insert: behind every vCPU of equal or higher priority; a yielder also behind one lower.</summary>
    private void RunqInsert(Vcpu v)
    {
        var pos = 0;
        while (pos < _runq.Count && v.PriorityClass <= _runq[pos].PriorityClass) pos++;
        if ((v.SchedFlags & FlagYield) != 0 && pos < _runq.Count) pos++;
        _runq.Insert(pos, v);
        v.OnRunq = true;
    }

    private void RunqRemove(Vcpu v)
    {
        _runq.Remove(v);
        v.OnRunq = false;
    }

    /// <summary>
    /// __runq_tickle over a global queue: its own pCPU if idle; else another idle pCPU it may
    /// use (cycling, as tickle_one_idle_cpu does); else preempt the pCPU running the
    /// lowest-priority vCPU below it, its own pCPU first. Tickled pCPUs leave the idlers.
    /// </summary>
    private void RunqTickle(Vcpu v)
    {
        var n = _idlers.Length;
        var cpu = v.LastPcpu;
        if (_idlers[cpu] && v.CanRunOn(cpu))
        {
            TickleCpu(cpu);
            return;
        }
        for (var k = 1; k <= n; k++)
        {
            var i = (_lastTickle + k) % n;
            if (!_idlers[i] || !v.CanRunOn(i)) continue;
            _lastTickle = i;
            TickleCpu(i);
            return;
        }
        var best = -1;
        var bestPri = v.PriorityClass;
        if (v.CanRunOn(cpu) && Xen.Pcpus[cpu].Current is { } own && own.PriorityClass < bestPri) best = cpu;
        else
        {
            for (var i = 0; i < n; i++)
            {
                if (!v.CanRunOn(i) || Xen.Pcpus[i].Current is not { } cur || cur.PriorityClass >= bestPri) continue;
                best = i;
                bestPri = cur.PriorityClass;
            }
        }
        if (best >= 0) TickleCpu(best);
    }

    private void TickleCpu(int cpu)
    {
        _idlers[cpu] = false;
        Xen.RaiseScheduleSoftirq(Xen.Pcpus[cpu]);
    }

    /// <summary>csched_tick + csched_unit_acct: the running vCPU loses BOOST, pays, and becomes active.</summary>
    private void Tick(int cpu)
    {
        var now = Now;
        if (Xen.Pcpus[cpu].Current is { } cur)
        {
            if (cur.PriorityClass == CreditPriority.Boost) cur.PriorityClass = CreditPriority.Under;
            BurnCredits(cur, now);
            if (!cur.CreditActive)
            {
                cur.CreditActive = true;
                if (_acctStopped) RestartAccounting(now);
            }
        }
        Xen.Sim.Schedule(_tickers[cpu], now + _tick, _tickerTokens[cpu]);
    }

    /// <summary>
    /// csched_acct: the pCPUs' credit for one slice is shared among active vCPUs by weight (a
    /// domain gets at most one slice per active vCPU, the excess going to the others); credit
    /// below 0 makes a vCPU OVER (floored at -slice), else UNDER; one above a slice stops being
    /// active and keeps half.
    /// </summary>
    private void Account()
    {
        var domains = Xen.Domains;
        long activeTotal = 0;
        for (var d = 0; d < domains.Count; d++) activeTotal += ActiveCount(domains[d]);
        var weightTotal = Weight * activeTotal;
        var creditTotal = Xen.Pcpus.Length * _tslice;
        if (_creditBalance < 0) creditTotal -= _creditBalance;

        if (weightTotal == 0)
        {
            // Xen re-arms regardless; with nobody active that changes nothing, so the timer
            // pauses (in phase) until a vCPU becomes active, and an idle board's run can end.
            _creditBalance = 0;
            _acctStopped = true;
            return;
        }

        var weightLeft = weightTotal;
        long creditBalance = 0;
        for (var d = 0; d < domains.Count; d++)
        {
            var dom = domains[d];
            long count = ActiveCount(dom);
            if (count == 0) continue;
            weightLeft -= Weight * count;
            var creditPeak = count * _tslice;
            if (_creditBalance < 0)
                creditPeak += (-_creditBalance * Weight * count + weightTotal - 1) / weightTotal;
            var creditFair = (creditTotal * Weight * count + weightTotal - 1) / weightTotal;
            if (creditFair >= creditPeak)
            {
                if (weightLeft != 0)
                    creditTotal += ((creditFair - creditPeak) * weightTotal + weightLeft - 1) / weightLeft;
                creditFair = creditPeak;
            }
            creditFair = (creditFair + count - 1) / count;

            foreach (var v in dom.Vcpus)
            {
                if (!v.CreditActive) continue;
                v.CreditNs += creditFair;
                if (v.CreditNs < 0)
                {
                    v.PriorityClass = CreditPriority.Over;
                    if (v.CreditNs < -_tslice) v.CreditNs = -_tslice;
                }
                else
                {
                    v.PriorityClass = CreditPriority.Under;
                    if (v.CreditNs > _tslice)
                    {
                        v.CreditActive = false;
                        v.CreditNs /= 2;
                    }
                }
                creditBalance += v.CreditNs;
            }
        }
        _creditBalance = creditBalance;
        SortRunq();
        Xen.Sim.Schedule(_acct, Now + _tslice);
    }

    private void RestartAccounting(long now)
    {
        _acctStopped = false;
        var periods = (now - _acctOrigin) / _tslice + 1;
        Xen.Sim.Schedule(_acct, _acctOrigin + periods * _tslice);
    }

    private static int ActiveCount(Domain d)
    {
        var n = 0;
        foreach (var v in d.Vcpus) if (v.CreditActive) n++;
        return n;
    }

    /// <summary>csched_runq_sort: stable by priority after accounting changed them.</summary>
    private void SortRunq()
    {
        for (var i = 1; i < _runq.Count; i++)
        {
            var v = _runq[i];
            var j = i;
            while (j > 0 && _runq[j - 1].PriorityClass < v.PriorityClass) j--;
            if (j == i) continue;
            _runq.RemoveAt(i);
            _runq.Insert(j, v);
        }
    }

    private sealed class Ticker(CreditScheduler s, int cpu) : EventTarget
    {
        protected internal override void Fire(int token)
        {
            if (token != s._tickerTokens[cpu]) return;
            s.Tick(cpu);
        }
    }

    private sealed class Accounting(CreditScheduler s) : EventTarget
    {
        protected internal override void Fire(int token) => s.Account();
    }
}
