namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// The null scheduler (xen/common/sched/null.c): each vCPU is assigned one pCPU for good and a
/// pCPU runs only its vCPU or idles. vCPUs without a pCPU wait in a global wait queue and run
/// only when a pCPU is released (vCPU offline, domain destroyed, migration), which pause never
/// does. No timer, no ratelimit, no slicing. Not modelled: soft affinity, tasklets.
/// </summary>
internal sealed class NullScheduler : XenScheduler
{
    private readonly Vcpu?[] _assigned;       // npc->unit per pCPU (null: in prv->cpus_free)
    private readonly VcpuList _waitq = new(); // prv->waitq, FIFO

    public NullScheduler(Hypervisor xen) : base(xen) => _assigned = new Vcpu?[xen.Pcpus.Length];

    /// <summary>null_unit_insert: the pCPU pick_res gives if it is free, else the wait queue.</summary>
    public override void Insert(Vcpu v)
    {
        var cpu = PickRes(v);
        if (cpu >= 0 && _assigned[cpu] is null) Assign(v, cpu);
        else WaitqAdd(v);
    }

    /// <summary>
    /// Pins set after creation (xen.pinning applied by the caller): a vCPU assigned outside its
    /// hard affinity is moved as null_unit_migrate would, releasing its pCPU to the wait queue.
    /// </summary>
    public override void DomainStarting(Domain d)
    {
        foreach (var v in d.Vcpus)
        {
            if (v.AssignedPcpu >= 0 && !v.CanRunOn(v.AssignedPcpu))
            {
                Deassign(v);
                Insert(v);
            }
            else if (v.OnRunq && v.PinnedPcpu >= 0 && _assigned[v.PinnedPcpu] is null)
            {
                _waitq.Remove(v);
                v.OnRunq = false;
                Assign(v, v.PinnedPcpu);
            }
        }
    }

    /// <summary>null_unit_wake.</summary>
    public override void Wake(Vcpu v)
    {
        var cpu = v.LastPcpu;
        if (ReferenceEquals(Xen.Pcpus[cpu].Current, v)) return;
        if (v.OnRunq) return; // in the wait queue: it runs when a pCPU frees up
        if (ReferenceEquals(_assigned[cpu], v))
        {
            Xen.RaiseScheduleSoftirq(Xen.Pcpus[cpu]);
            return;
        }
        if (_assigned[cpu] is null && v.CanRunOn(cpu))
        {
            Assign(v, cpu);
            Xen.RaiseScheduleSoftirq(Xen.Pcpus[cpu]);
            return;
        }
        WaitqAdd(v);
        for (var i = 0; i < _assigned.Length; i++)
            if (_assigned[i] is null && v.CanRunOn(i)) Xen.RaiseScheduleSoftirq(Xen.Pcpus[i]);
    }

    /// <summary>null_unit_sleep: only a running vCPU needs its pCPU poked. It stays assigned.</summary>
    public override void Sleep(Vcpu v)
    {
        if (ReferenceEquals(Xen.Pcpus[v.LastPcpu].Current, v)) Xen.RaiseScheduleSoftirq(Xen.Pcpus[v.LastPcpu]);
    }

    /// <summary>null_schedule: the assigned vCPU if runnable, else idle; a free pCPU takes a waiter.</summary>
    public override Vcpu? DoSchedule(Pcpu p, Vcpu? prev, long now, out long nextTimeNs)
    {
        nextTimeNs = -1;
        var cpu = p.Id;
        var next = _assigned[cpu];
        if (next is null)
        {
            for (var i = 0; i < _waitq.Count; i++)
            {
                var w = _waitq[i];
                if (!w.CanRunOn(cpu)) continue;
                _waitq.RemoveAt(i);
                w.OnRunq = false;
                Assign(w, cpu);
                next = w;
                break;
            }
        }
        return next is not null && next.IsRunnable ? next : null;
    }

    /// <summary>pick_res: its processor if free (or already its own) and allowed, else the first free allowed pCPU, else -1.</summary>
    private int PickRes(Vcpu v)
    {
        var cpu = v.LastPcpu;
        if (cpu >= 0 && (_assigned[cpu] is null || ReferenceEquals(_assigned[cpu], v)) && v.CanRunOn(cpu)) return cpu;
        for (var i = 0; i < _assigned.Length; i++)
            if (_assigned[i] is null && v.CanRunOn(i)) return i;
        return -1;
    }

    private void Assign(Vcpu v, int cpu)
    {
        _assigned[cpu] = v;
        v.AssignedPcpu = cpu;
        v.LastPcpu = cpu; // sched_set_res: its processor is now this pCPU
    }

    /// <summary>unit_deassign: frees the pCPU and hands it to the first suitable waiter.</summary>
    private void Deassign(Vcpu v)
    {
        var cpu = v.AssignedPcpu;
        _assigned[cpu] = null;
        v.AssignedPcpu = -1;
        for (var i = 0; i < _waitq.Count; i++)
        {
            var w = _waitq[i];
            if (!w.CanRunOn(cpu)) continue;
            _waitq.RemoveAt(i);
            w.OnRunq = false;
            Assign(w, cpu);
            Xen.RaiseScheduleSoftirq(Xen.Pcpus[cpu]);
            return;
        }
    }

    private void WaitqAdd(Vcpu v)
    {
        _waitq.Add(v);
        v.OnRunq = true;
        v.AssignedPcpu = -1;
    }
}
