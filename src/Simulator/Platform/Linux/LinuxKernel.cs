using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.Linux;

/// <summary>
/// dom0's Linux: one <see cref="LinuxCpu"/> per dom0 vCPU, task placement at fork and wakeup,
/// newly-idle pulling, and the task operations the workloads and the toolstack use.
/// Periodic load balancing is not modelled: with one hog per CPU it cannot move anything, and
/// newly-idle balancing covers the cases where a CPU runs dry.
/// </summary>
public sealed class LinuxKernel
{
    private long _enqueueSeq;

    public LinuxKernel(Simulation sim, Hypervisor xen, int cpus, int hz, RandomStream tickPhases)
    {
        Sim = sim;
        Xen = xen;
        Tunables = new CfsTunables(cpus, hz);
        Cpus = new LinuxCpu[cpus];
        for (var i = 0; i < cpus; i++)
            Cpus[i] = new LinuxCpu(this, i, tickPhases.NextLong(Tunables.TickNs));
    }

    public Simulation Sim { get; }
    public Hypervisor Xen { get; }
    public CfsTunables Tunables { get; }
    public LinuxCpu[] Cpus { get; }

    /// <summary>Sees every task switch (time, cpu, prev, next) for --trace-run; null on the hot path.</summary>
    public Action<long, int, LinuxTask?, LinuxTask?>? Observer { get; set; }

    internal long NextEnqueueSeq() => ++_enqueueSeq;

    /// <summary>Ties each CPU to its vCPU once dom0's domain exists.</summary>
    public void BindVcpus(Domain dom0)
    {
        for (var i = 0; i < Cpus.Length; i++) Cpus[i].Vcpu = dom0.Vcpus[i];
    }

    /// <summary>fork(): the child inherits the parent's policy and nice, and its vruntime for START_DEBIT.</summary>
    public void Fork(LinuxTask parent, LinuxTask child)
    {
        child.Policy = parent.Policy;
        child.Nice = parent.Nice;
        child.Weight = parent.Weight;
        var cpu = parent.Cpu;
        child.ForkVruntimeRelNs = cpu is null ? 0 : parent.VruntimeNs - cpu.MinVruntimeNs;
        child.Cpu = cpu;
        child.State = TaskState.New;
        child.StartNow(); // wake_up_new_task runs inside fork(), before the parent goes on
    }

    internal Wait Compute(LinuxTask task, long workNs, bool nonPreemptible)
    {
        if (workNs < 0) throw new ArgumentOutOfRangeException(nameof(workNs), workNs, "CPU work cannot be negative");
        switch (task.State)
        {
            case TaskState.Current:
                task.Cpu!.UpdateCurr();
                task.RemainingWorkNs = workNs;
                task.NonPreemptible = nonPreemptible;
                task.Cpu.Replan();
                break;
            case TaskState.Runnable:
                task.RemainingWorkNs = workNs;
                task.NonPreemptible = nonPreemptible;
                break;
            case TaskState.Dead:
                throw new InvalidOperationException($"task '{task.Name}' has exited");
            default:
                task.RemainingWorkNs = workNs;
                task.NonPreemptible = nonPreemptible;
                Wake(task);
                break;
        }
        return Wait.Passivate();
    }

    internal Wait Sleep(LinuxTask task, long ns)
    {
        Deactivate(task);
        return Wait.For(ns);
    }

    internal Wait BlockOn(LinuxTask task, SimEvent e)
    {
        Deactivate(task);
        return Wait.On(e);
    }

    internal void Exit(LinuxTask task)
    {
        Deactivate(task);
        task.State = TaskState.Dead;
    }

    internal static void Deactivate(LinuxTask task)
    {
        if (task.State is TaskState.Current or TaskState.Runnable)
        {
            var cpu = task.Cpu!;
            var wasCurrent = task.State == TaskState.Current;
            task.State = TaskState.Sleeping;
            if (wasCurrent) cpu.DequeueCurrent(task);
            else cpu.Dequeue(task);
        }
        else if (task.State == TaskState.New) task.State = TaskState.Sleeping;
    }

    internal void SetScheduler(LinuxTask task, SchedPolicy policy, int nice)
    {
        task.Cpu?.UpdateCurr();
        task.Policy = policy;
        task.Nice = nice;
        task.Weight = NiceWeights.Of(nice);
    }

    /// <summary>try_to_wake_up / wake_up_new_task: choose a CPU, place the vruntime, queue, maybe preempt.</summary>
    private void Wake(LinuxTask task)
    {
        var isNew = task.State == TaskState.New;
        var target = SelectCpu(task, isNew);
        target.UpdateCurr();
        if (isNew)
        {
            // START_DEBIT: a new task starts one vslice behind, so it cannot preempt at fork.
            var inherited = target.MinVruntimeNs + task.ForkVruntimeRelNs;
            task.VruntimeNs = Math.Max(inherited, target.MinVruntimeNs + target.ForkVsliceNs(task));
        }
        else
        {
            var vr = task.VruntimeNs;
            if (task.Cpu is { } old && old != target) vr = vr - old.MinVruntimeNs + target.MinVruntimeNs;
            task.VruntimeNs = Math.Max(vr, target.MinVruntimeNs - Tunables.SleeperCreditNs);
        }
        target.Enqueue(task);
        target.StartTick();
        target.CheckPreemptWakeup(task);
    }

    /// <summary>
    /// select_task_rq_fair: a pinned task goes to its CPU; a new task to the least loaded CPU
    /// (find_idlest_cpu, ties to its parent's); a waking task to its previous CPU if idle, else
    /// to an idle CPU (select_idle_sibling: one LLC), else back to its previous CPU.
    /// </summary>
    private LinuxCpu SelectCpu(LinuxTask task, bool isNew)
    {
        if (task.PinnedCpu >= 0) return Cpus[Math.Min(task.PinnedCpu, Cpus.Length - 1)];
        var prev = task.Cpu;
        if (isNew || prev is null)
        {
            var best = prev ?? Cpus[0];
            var bestLoad = best.Load;
            foreach (var c in Cpus)
            {
                var load = c.Load;
                if (load < bestLoad) { best = c; bestLoad = load; }
            }
            return best;
        }
        if (prev.IsIdle) return prev;
        for (var k = 1; k < Cpus.Length; k++)
        {
            var c = Cpus[(prev.Index + k) % Cpus.Length];
            if (c.IsIdle) return c;
        }
        return prev;
    }

    /// <summary>Newly-idle balancing: pull a queued task from the busiest other CPU.</summary>
    internal bool IdleBalance(LinuxCpu idle)
    {
        LinuxCpu? busiest = null;
        foreach (var c in Cpus)
            if (c != idle && c.QueuedCount > 0 && (busiest is null || c.NrRunning > busiest.NrRunning))
                busiest = c;
        if (busiest is null || !busiest.TryTakeQueued(out var task)) return false;
        task!.VruntimeNs = task.VruntimeNs - busiest.MinVruntimeNs + idle.MinVruntimeNs;
        idle.Enqueue(task);
        return true;
    }
}
