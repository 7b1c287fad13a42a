using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Models.Mechanisms;

/// <summary>
/// The mechanism parameters a model file may set. Adding one is one line in
/// <see cref="DefaultEntries"/>. Every entry is bound by name to a mechanism of the platform
/// (PlatformParameters in src/Simulator; a test checks both lists agree).
/// </summary>
public sealed class MechanismCatalog
{
    // Priors: value, admissible range for calibration, what it is, where the prior comes from.
    // docs/reference notes are cited by section; "UNVERIFIED" there means an estimate to calibrate.
    private static readonly MechanismEntry[] DefaultEntries =
    [
        // process creation and xl's libxl path (xen-internals.md 1.1, 1.5; dom0-linux.md 3)
        MechanismEntry.Duration("spawner_fork_cpu_us", 700, 100, 5_000,
            "the controlling program's fork() and exec set-up before the child runs", "UnixBench process creation on a Pi 4, 0.64 ms at 2.15 GHz, scaled (dom0-linux.md 3.1)"),
        MechanismEntry.Duration("wrapper_exec_cpu_us", 1_500, 200, 10_000,
            "exec of nice/chrt and its dynamic loading, at the spawner's priority, before it execs xl", "dom0-linux.md 6: 1.5 ms at 1.5 GHz (UNVERIFIED)"),
        MechanismEntry.Duration("xl_exec_cpu_us", 5_000, 500, 30_000,
            "exec of xl and ld.so loading ~20 DSOs (open, mmap, relocation, minor faults)", "dom0-linux.md 3.2: 1.5-4 ms at 1.5 GHz, x2.5 at 600 MHz (UNVERIFIED)"),
        MechanismEntry.Duration("xl_ctx_alloc_cpu_us", 1_800, 200, 15_000,
            "libxl_ctx_alloc: privcmd/hypercall opens, DM_OP probe, xenstored socket connect", "xen-internals.md 1.1 step 2; budget 1-3 ms (UNVERIFIED)"),
        MechanismEntry.Duration("xl_config_cpu_us", 1_500, 100, 15_000,
            "xl.conf parse and the autoballoon regex", "xen-internals.md 1.1; budget 1-3 ms with ctx (UNVERIFIED)"),
        MechanismEntry.Count("xl_version_hypercalls", 9, 0, 20,
            "xen_version hypercalls of libxl_get_version_info (autoballoon=auto)", "xen-internals.md 1.1: version, extraversion, compile_info, capabilities, changeset, platform_parameters, pagesize, commandline, build_id"),
        MechanismEntry.Duration("xl_lookup_cpu_us", 400, 20, 5_000,
            "one getdomaininfolist sysctl with its 28-page bounce buffer (mmap, copy, munmap)", "xen-internals.md 1.1 step 3 (UNVERIFIED magnitude)"),
        MechanismEntry.Duration("xl_per_domain_cpu_us", 60, 1, 2_000,
            "libxl__xcinfo2xlinfo and the xsm_op hypercall, per domain listed", "xen-internals.md 1.1 step 3 (UNVERIFIED magnitude)"),
        MechanismEntry.Duration("xl_exit_cpu_us", 600, 50, 5_000,
            "libxl_ctx_free and process teardown (munmap of the DSOs)", "dom0-linux.md 3.4 step 7: ~0.5 ms (UNVERIFIED)"),
        MechanismEntry.Ratio("cpu_work_sd_rel", 0.05, 0, 1,
            "run-to-run spread (relative sd, lognormal) of every CPU burst", "assumption: cache and page-cache state; calibrated on the variances"),
        // the range reaches 100 for an emulated CPU (the QEMU TCG testbed runs dom0 code tens of times slower
        // than a Pi 4 runs it natively); a Pi's own bounds are its model's (priors.yaml: 0.2-5)
        MechanismEntry.Ratio("cpu_work_scale", 1.0, 0.2, 100,
            "multiplies every CPU burst (a slower or throttled clock than the costs assume)", "1 by definition; dom0-linux.md 3.3 (600 MHz without force_turbo) and 5.2 (throttling); up to 100 for an emulated CPU (QEMU TCG, docs/testbed.md)"),

        // xenstore (xen-internals.md 1.1 step 4, dom0-linux.md 6)
        MechanismEntry.Duration("xenstore_client_cpu_us", 40, 2, 2_000,
            "xs_talkv in xl: sigactions, the request write and the read syscall", "xen-internals.md 1.1 (UNVERIFIED magnitude)"),
        MechanismEntry.Duration("xenstored_cpu_us", 120, 5, 5_000,
            "xenstored handling one read request", "dom0-linux.md 6: round trip 0.2 ms unloaded (UNVERIFIED)"),

        // hypercalls (xen-internals.md 1.3, the study's Figure 4)
        MechanismEntry.Duration("hypercall_entry_us", 8, 0.5, 200,
            "ioctl(privcmd) to HVC and back in the caller, per hypercall", "Figure 4: version hypercalls take 10-100 us in total"),
        MechanismEntry.Duration("version_hypercall_us", 12, 0.5, 200,
            "do_xen_version in Xen (returns at once)", "Figure 4: >= 98% of calls in 10-100 us"),

        // resident switcher and kernel module
        MechanismEntry.Duration("resident_wake_cpu_us", 30, 1, 2_000,
            "the resident switcher's read of the failure notice before xc_domain_pause", "assumption: one syscall return and a branch"),
        MechanismEntry.Duration("kernel_module_handler_us", 5, 0.5, 500,
            "the module's interrupt handler before it issues the domctl", "assumption"),

        // Xen (xen-internals.md 1.4, 2)
        MechanismEntry.Duration("xen_context_switch_us", 6, 0.5, 200,
            "save one vCPU's context and restore another's (sysregs, VFP, vGIC, timer)", "xen-internals.md 1.4 (UNVERIFIED magnitude)"),
        // both ranges reach 20 ms for an emulated machine: under QEMU TCG an IPI waits for the target vCPU
        // thread to reach a translation-block boundary or to be woken from halt on the host (the testbed
        // measures 1-10 ms between Xen's pause and the vCPU's offline record); a Pi's bounds are its model's
        MechanismEntry.Duration("xen_ipi_latency_us", 5, 0.5, 20_000,
            "SGI to a busy pCPU until its schedule() runs", "xen-internals.md 1.4 (UNVERIFIED magnitude); up to 20 ms under QEMU TCG (docs/testbed.md)"),
        MechanismEntry.Duration("xen_idle_wake_us", 8, 0.5, 20_000,
            "SGI to an idle pCPU in WFI until its schedule() runs", "xen-internals.md 1.4 (UNVERIFIED magnitude); up to 20 ms under QEMU TCG (docs/testbed.md)"),
        MechanismEntry.Duration("xen_domctl_base_us", 15, 0.5, 2_000,
            "domctl entry/exit, copy_from_guest, domctl lock", "xen-internals.md 1.4; the study: Xen's pause step ~23 us in 4.14"),
        MechanismEntry.Duration("xen_per_vcpu_op_us", 2, 0.1, 2_000,
            "per-vCPU work of domain_pause/unpause besides waiting", "xen-internals.md 1.4 (UNVERIFIED magnitude)"),

        // network receive (dom0-linux.md 4)
        MechanismEntry.Ratio("net_rx_softirq_core_per_gbps", 0.8, 0.05, 3,
            "NIC NAPI + IP/TCP softirq on dom0 vCPU0, in cores per Gbps received", "dom0-linux.md 4.1: 0.6-1.0 core at 1 Gbps (UNVERIFIED for dom0)"),
        MechanismEntry.Duration("net_irq_interval_us", 250, 20, 5_000,
            "mean spacing of coalesced NIC interrupts under load", "assumption (GENET rx coalescing); sets the softirq burst granularity"),
        MechanismEntry.Ratio("iperf_core_per_gbps", 0.3, 0, 2,
            "iperf's receive copy to user space, cores per Gbps", "dom0-linux.md 4.1: 0.2-0.4 core (UNVERIFIED)"),
        MechanismEntry.Ratio("netback_core_per_gbps", 0.35, 0, 3,
            "netback guest-rx kthreads (grant copies) in dom0, cores per Gbps into a domU", "dom0-linux.md 4.4: several times native per packet (UNVERIFIED)"),
        MechanismEntry.Ratio("domu_net_stack_core_per_gbps", 0.5, 0, 3,
            "the domU's own receive path on its vCPU0, cores per Gbps", "assumption"),
        MechanismEntry.Duration("softirq_chunk_us", 2_000, 100, 8_000,
            "one __do_softirq pass in ksoftirqd (net_rx_action budget)", "dom0-linux.md 4.2: 2 ms / 1 jiffy (4.19), 2 jiffies (5.9)"),

        // block I/O caused by the domU sampler (dom0-linux.md 4.5)
        MechanismEntry.Duration("sampler_io_interval_us", 1_000_000, 4_000, 60_000_000,
            "how often the domU sampler's log writes reach blkfront", "assumption (page-cache writeback); calibrated"),
        MechanismEntry.Duration("blkback_cpu_us", 80, 1, 5_000,
            "blkback's kthread serving one request batch in dom0", "assumption"),
        MechanismEntry.Duration("loop_cpu_us", 400, 1, 20_000,
            "the loop worker (nice -20) and the filesystem under a file-backed disk, per batch", "dom0-linux.md 4.5: loop worker at nice -20"),

        // the domU sampler
        MechanismEntry.Duration("sampler_overhead_us", 67, 0, 1_000,
            "usleep slack + the write: the sampler's period is the interval plus this", "data-insights.md 3: phases 2+3 sum to 4067-4068 us for an idle domU"),
        MechanismEntry.Duration("sampler_cpu_us", 15, 0.5, 1_000,
            "the sampler's CPU per stamp", "assumption"),
        MechanismEntry.Ratio("domu_tick_hz", 250, 100, 1_000,
            "the domU kernel's tick rate: the first stamp after a resume waits for its next tick", "data-insights.md 4: vcpu_running_to_domu_sample spans 0.3-3.2 ms, ~U(0, 4 ms)"),

        // occasional long delays: page-cache misses of xl's image, SD-card stalls
        MechanismEntry.Fraction("xl_major_fault_prob", 0.03,
            "probability that a launch of xl finds part of its image evicted from the page cache", "data-insights.md 2: 25-100 ms outliers in ~4 of ~110 operations"),
        MechanismEntry.Ratio("major_faults_per_miss", 4, 1, 64,
            "mean major faults (geometric) when a launch misses", "assumption"),
        MechanismEntry.Duration("sd_read_mean_us", 6_000, 200, 100_000,
            "one SD-card read serving a major fault", "assumption (SD random read 1-10 ms)"),
        MechanismEntry.Duration("sd_read_sd_us", 4_000, 0, 100_000,
            "sd of one SD-card read", "assumption"),
        MechanismEntry.RatePerS("sd_stall_rate_per_s", 0.02, 0, 10,
            "card-internal write stalls (erase, garbage collection) per second", "assumption; the old environment's >2 s unpauses (3 of 100 loaded runs)"),
        MechanismEntry.Duration("sd_stall_mean_us", 800_000, 1_000, 10_000_000,
            "mean length of a card stall", "assumption (cheap SD cards stall for up to seconds)"),
        MechanismEntry.Duration("sd_stall_sd_us", 700_000, 0, 10_000_000,
            "sd of a card stall's length", "assumption"),

        // dom0 memory reclaim behind a file-backed domU disk (the multi-second mode, dom0-linux.md)
        MechanismEntry.RatePerS("kswapd_wakes_per_s", 0.5, 0, 200,
            "kswapd wake-ups per second while a file-backed domU disk keeps dom0's page cache full (the loop device writes through it); none with a partition disk",
            "assumption (LWN 572911, the slow-device writeback stall); calibrated"),
        MechanismEntry.Duration("kswapd_cpu_us", 10_000, 10, 100_000,
            "kswapd's CPU per wake-up (reclaim back to the high watermark), at nice 0", "assumption"),
        MechanismEntry.Duration("reclaim_cpu_us", 300, 0, 100_000,
            "CPU xl's exec spends in direct reclaim when it allocates while kswapd is behind", "assumption"),
        MechanismEntry.Fraction("writeback_wait_prob", 0.2,
            "probability that such a direct reclaim waits for the card to write back a batch of the loop's dirty pages (congestion_wait until pages come clean)",
            "assumption; the old environment's > 2 s unpauses (3 of 100 loaded runs, file disk)"),
        MechanismEntry.Duration("writeback_wait_mean_us", 3_000_000, 100_000, 20_000_000,
            "mean wait for one writeback batch on the card (a whole batch: the wait starts with the reclaim)", "assumption (scattered 4 KiB writes on a consumer SD card)"),
        MechanismEntry.Duration("writeback_wait_sd_us", 500_000, 0, 10_000_000,
            "sd of that wait", "assumption"),
    ];

    public MechanismCatalog(IEnumerable<MechanismEntry> entries)
    {
        Entries = [.. entries];
        foreach (var group in Entries.GroupBy(e => e.Name).Where(g => g.Count() > 1))
        {
            throw new ArgumentException($"mechanism '{group.Key}' is listed twice", nameof(entries));
        }

        foreach (var entry in Entries)
        {
            if (entry.Problem() is { } problem)
            {
                throw new ArgumentException($"mechanism '{entry.Name}': {problem}", nameof(entries));
            }
        }
    }

    public static MechanismCatalog Default { get; } = new(DefaultEntries);

    public IReadOnlyList<MechanismEntry> Entries { get; }

    public IEnumerable<string> Names => Entries.Select(e => e.Name);

    public MechanismEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    /// <summary>For code asking for a mechanism by name: a typo there is a programming error.</summary>
    public MechanismEntry Get(string name) =>
        Find(name) ?? throw new ArgumentException(
            $"unknown mechanism '{name}'; {ClosestMatch.Suggestion(name, Names)}known: {string.Join(", ", Names)}", nameof(name));
}
