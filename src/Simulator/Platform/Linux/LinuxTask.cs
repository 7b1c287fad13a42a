using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.Linux;

/// <summary>
/// A dom0 task. Its body is an iterator that spends CPU with <see cref="Compute"/>, sleeps,
/// blocks on events and enters Xen with <see cref="Hypercall"/>; the CFS and FIFO rules of
/// <see cref="LinuxCpu"/> decide when its CPU work actually progresses.
/// </summary>
public abstract class LinuxTask : Process
{
    /// <summary>CPU work that never ends (a stress hog).</summary>
    public const long Forever = long.MaxValue;

    protected LinuxTask(LinuxKernel kernel, string name, SchedPolicy policy = SchedPolicy.Normal, int nice = 0, int pinnedCpu = -1)
        : base(kernel.Sim, name)
    {
        Kernel = kernel;
        Policy = policy;
        Nice = nice;
        Weight = NiceWeights.Of(nice);
        PinnedCpu = pinnedCpu;
    }

    public LinuxKernel Kernel { get; }
    public SchedPolicy Policy { get; internal set; }
    public int Nice { get; internal set; }
    public int Weight { get; internal set; }
    public int PinnedCpu { get; }
    public TaskState State { get; internal set; } = TaskState.New;

    /// <summary>The CPU whose runqueue holds it, or where it last ran.</summary>
    public LinuxCpu? Cpu { get; internal set; }

    internal long VruntimeNs;
    internal long SumExecNs;
    internal long PrevSumExecNs;
    internal long RemainingWorkNs;
    internal long EnqueueSeq;

    /// <summary>In a section Linux cannot preempt (a hypercall spin, BH-disabled softirq work).</summary>
    internal bool NonPreemptible;

    /// <summary>Executing a hypercall: the vCPU is in Xen, so ticks and interrupts wait for its return.</summary>
    internal bool InXen;

    /// <summary>What to do in Xen once the entry work of <see cref="Hypercall"/> is done.</summary>
    internal Action<Vcpu, Action<long>>? PendingXenCall;

    /// <summary>Vruntime the child inherits at fork (normalised: relative to its parent's min_vruntime).</summary>
    internal long ForkVruntimeRelNs;

    /// <summary>Total CPU time charged, for tests and traces.</summary>
    public long SumExecTotalNs => SumExecNs;

    public bool IsFifo => Policy == SchedPolicy.Fifo;

    /// <summary>Spend <paramref name="workNs"/> of CPU (at the modelled clock); resumes when done.</summary>
    protected Wait Compute(long workNs) => KernelOp(Kernel.Compute(this, workNs, nonPreemptible: false));

    /// <summary>CPU work in a section Linux cannot preempt (softirq processing with BH disabled).</summary>
    protected Wait ComputeNonPreemptible(long workNs) => KernelOp(Kernel.Compute(this, workNs, nonPreemptible: true));

    protected Wait Sleep(long ns) => KernelOp(Kernel.Sleep(this, ns));

    protected Wait BlockOn(SimEvent e) => KernelOp(Kernel.BlockOn(this, e));

    /// <summary>
    /// ioctl(privcmd) then HVC: <paramref name="entryWorkNs"/> of kernel CPU work, then the vCPU is in
    /// Xen until <paramref name="enterXen"/> calls back with the return time. Linux cannot preempt
    /// the task and Xen does not deschedule the vCPU meanwhile.
    /// </summary>
    protected Wait Hypercall(long entryWorkNs, Action<Vcpu, Action<long>> enterXen)
    {
        PendingXenCall = enterXen;
        return KernelOp(Kernel.Compute(this, Math.Max(1, entryWorkNs), nonPreemptible: false));
    }

    /// <summary>sched_setscheduler / setpriority on itself (what chrt and nice do before exec).</summary>
    protected void SetScheduler(SchedPolicy policy, int nice) => Kernel.SetScheduler(this, policy, nice);

    protected abstract IEnumerable<Wait> Body();

    protected sealed override IEnumerator<Wait> Run()
    {
        foreach (var w in Body())
        {
            // A raw wait (another process, an event) is a sleep in Linux terms: leave the CPU.
            if (!_kernelOp) LinuxKernel.Deactivate(this);
            _kernelOp = false;
            yield return w;
        }
    }

    private bool _kernelOp;

    internal Wait KernelOp(Wait w)
    {
        _kernelOp = true;
        return w;
    }

    protected override void OnFinished() => Kernel.Exit(this);

    public override string ToString() => Name;
}
