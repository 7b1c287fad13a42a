namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// Xen's own costs and scheduler constants, in ns. Defaults are the Xen 4.13/4.14 constants
/// (docs/reference/xen-internals.md section 2) and priors for the Pi 4's costs; calibration
/// fits the costs, never the constants.
/// </summary>
public sealed record XenCosts
{
    /// <summary>Save one vCPU's context and restore another's on a pCPU (sysregs, VFP, vGIC, timer).</summary>
    public long ContextSwitchNs { get; init; } = 6_000;

    /// <summary>SGI to a running pCPU until its schedule() runs (exit to EL2, softirq).</summary>
    public long IpiLatencyNs { get; init; } = 5_000;

    /// <summary>An idle pCPU in WFI woken by an SGI until its schedule() runs.</summary>
    public long IdleWakeNs { get; init; } = 8_000;

    /// <summary>Domctl entry/exit, copy_from_guest, domctl lock, on the calling vCPU.</summary>
    public long DomctlBaseNs { get; init; } = 15_000;

    /// <summary>Per-vCPU work in domain_pause/unpause besides waiting (locks, scheduler hook).</summary>
    public long PerVcpuOpNs { get; init; } = 2_000;

    public long RatelimitNs { get; init; } = 1_000_000;            // sched_ratelimit_us 1000
    public long RatelimitToleranceNs { get; init; } = 50_000;      // RATELIMIT_TICKLE_TOLERANCE
    public long Credit2MinTimerNs { get; init; } = 500_000;        // CSCHED2_MIN_TIMER
    public long Credit2MaxTimerNs { get; init; } = 10_000_000;     // CSCHED2_MAX_TIMER
    public long Credit2CreditInitNs { get; init; } = 10_000_000;   // CSCHED2_CREDIT_INIT
    public long Credit2CarryoverMaxNs { get; init; } = 500_000;    // CSCHED2_CARRYOVER_MAX
    public long Credit2MigrateResistNs { get; init; } = 500_000;   // sched_credit2_migrate_resist
    public long Credit2MigrateCompensationNs { get; init; } = 50_000; // CSCHED2_MIGRATE_COMPENSATION
    public long Credit1SliceNs { get; init; } = 30_000_000;        // sched_credit_tslice_ms 30
    public long Credit1TickNs { get; init; } = 10_000_000;         // tslice / 3
    public long Credit1MinTimerNs { get; init; } = 100_000;        // CSCHED_MIN_TIMER = XEN_SYSCTL_SCHED_RATELIMIT_MIN
}
