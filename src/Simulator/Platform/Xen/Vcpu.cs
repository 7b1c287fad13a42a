namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// A virtual CPU as Xen sees it: runstate, where it runs, the guest inside, and the fields
/// the active scheduler keeps per vCPU.
/// </summary>
public sealed class Vcpu
{
    public Vcpu(Domain domain, int index, IGuestCpu guest)
    {
        Domain = domain;
        Index = index;
        Guest = guest;
    }

    public Domain Domain { get; }
    public int Index { get; }
    public IGuestCpu Guest { get; set; }

    public RunState RunState { get; internal set; } = RunState.Offline;
    public long RunStateSinceNs { get; internal set; }

    /// <summary>The pCPU it holds while <see cref="RunState"/> is Running, else null.</summary>
    public Pcpu? Pcpu { get; internal set; }

    /// <summary>The pCPU it ran on last (credit2 prefers it when tickling; null's assignment).</summary>
    public int LastPcpu { get; internal set; } = -1;

    /// <summary>The guest executed WFI with nothing pending (vwfi=trap): blocked until kicked.</summary>
    public bool Blocked { get; internal set; }

    /// <summary>An event arrived while it ran or was runnable; a WFI returns at once.</summary>
    public bool EventPending { get; internal set; }

    /// <summary>Hard affinity: -1 for any pCPU, else the one pCPU it is pinned to.</summary>
    public int PinnedPcpu { get; set; } = -1;

    public bool IsPaused => Domain.PauseCount > 0;

    /// <summary>Xen's vcpu_runnable(): neither blocked nor paused.</summary>
    public bool IsRunnable => !Blocked && !IsPaused && Domain.Started;

    public bool CanRunOn(int pcpu) => PinnedPcpu < 0 || PinnedPcpu == pcpu;

    /// <summary>
    /// Xen's <c>v-&gt;is_running</c>: set when a pCPU switches to it, cleared only once its context
    /// has been saved after it was switched away. It outlasts <see cref="RunState"/> Running by the
    /// context save, and <c>vcpu_sleep_sync</c> (pause) spins until it clears.
    /// </summary>
    public bool IsRunning { get; internal set; }

    /// <summary>Guest code executes on its pCPU: true from <see cref="IGuestCpu.OnRun"/> to <see cref="IGuestCpu.OnStop"/>.</summary>
    public bool ExecutingGuest { get; internal set; }

    // ---- scheduler-private state (one scheduler is active per simulation) ----

    /// <summary>credit2/credit1 credit in ns of weighted run time.</summary>
    public long CreditNs { get; set; }

    /// <summary>null scheduler: the pCPU it owns, or -1 while in the wait queue.</summary>
    public int AssignedPcpu { get; set; } = -1;

    /// <summary>credit1 priority class (boost, under, over); scheduler-defined encoding.</summary>
    public int PriorityClass { get; set; }

    // ---- scheduler-private, internal (fields, not properties: they sit on the hot path) ----

    /// <summary>When credit was last burned (credit2 svc-&gt;start_time, credit1 likewise).</summary>
    internal long StartTimeNs;

    /// <summary>Scheduler flag bits (credit2 CSFLAG_*, credit1 CSCHED_FLAG_*).</summary>
    internal int SchedFlags;

    /// <summary>credit2 svc-&gt;tickled_cpu: the pCPU tickled to pick it up, or -1.</summary>
    internal int TickledPcpu = -1;

    /// <summary>On the scheduler's run queue (null: on the wait queue).</summary>
    internal bool OnRunq;

    /// <summary>credit1: on the active list (earns credit at each accounting).</summary>
    internal bool CreditActive;

    /// <summary>A pause spinning in vcpu_sleep_sync until this vCPU's context is saved.</summary>
    internal DomctlCall? SleepSyncWaiter;

    public override string ToString() => $"d{Domain.Id}v{Index}";
}
