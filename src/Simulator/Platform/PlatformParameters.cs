namespace XenSwitchSim.Simulator.Platform;

/// <summary>The name of a mechanism parameter in model files (models/priors.yaml, MechanismCatalog).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MechanismAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}


/// <summary>
/// The mechanisms' costs and rates, with units in the names. CPU work is in microseconds at the
/// board's clock during the runs (the study did not state the clock; calibration fits the
/// work, so the clock question folds into it). Defaults are the priors of models/priors.yaml,
/// with their sources there; a model file overrides them by name.
/// </summary>
public sealed record PlatformParameters
{
    // ---- board facts ----
    public int Pcpus { get; init; } = 4;
    public int Hz { get; init; } = 250;
    public double CounterHz { get; init; } = 54_000_000;

    // ---- process creation and xl (libxl's code path, in order) ----
    [Mechanism("spawner_fork_cpu_us")]
    public double SpawnerForkCpuUs { get; init; } = 700;        // fork+exec set-up in the spawner
    [Mechanism("wrapper_exec_cpu_us")]
    public double WrapperExecCpuUs { get; init; } = 1_500;      // exec of nice/chrt + ld.so, before it execs xl
    [Mechanism("xl_exec_cpu_us")]
    public double XlExecCpuUs { get; init; } = 5_000;           // exec xl, ld.so maps and relocates ~20 DSOs
    [Mechanism("xl_ctx_alloc_cpu_us")]
    public double XlCtxAllocCpuUs { get; init; } = 1_800;       // libxl_ctx_alloc: privcmd opens, xenstored connect
    [Mechanism("xl_config_cpu_us")]
    public double XlConfigCpuUs { get; init; } = 1_500;         // xl.conf parse, autoballoon probe
    [Mechanism("xl_version_hypercalls")]
    public int XlVersionHypercalls { get; init; } = 9;          // libxl_get_version_info
    [Mechanism("xl_lookup_cpu_us")]
    public double XlLookupCpuUs { get; init; } = 400;           // getdomaininfolist bounce buffers, per call
    [Mechanism("xl_per_domain_cpu_us")]
    public double XlPerDomainCpuUs { get; init; } = 60;         // libxl__xcinfo2xlinfo, xsm_op per domain
    [Mechanism("xl_exit_cpu_us")]
    public double XlExitCpuUs { get; init; } = 600;             // libxl_ctx_free, munmap of the DSOs
    [Mechanism("cpu_work_sd_rel")]
    public double CpuWorkSdRel { get; init; } = 0.05;           // run-to-run spread of every CPU burst (lognormal)

    // ---- xenstore ----
    [Mechanism("xenstore_client_cpu_us")]
    public double XenstoreClientCpuUs { get; init; } = 40;      // xs_talkv: write, then the read syscall
    [Mechanism("xenstored_cpu_us")]
    public double XenstoredCpuUs { get; init; } = 120;          // cxenstored handling one read

    // ---- hypercalls ----
    [Mechanism("hypercall_entry_us")]
    public double HypercallEntryUs { get; init; } = 8;          // ioctl(privcmd) to HVC and back, in the caller
    [Mechanism("version_hypercall_us")]
    public double VersionHypercallUs { get; init; } = 12;       // do_xen_version

    // ---- resident switcher and kernel module ----
    [Mechanism("resident_wake_cpu_us")]
    public double ResidentWakeCpuUs { get; init; } = 30;        // the notice read, before xc_domain_pause
    [Mechanism("kernel_module_handler_us")]
    public double KernelModuleHandlerUs { get; init; } = 5;     // irq handler before the domctl

    // ---- Xen ----
    [Mechanism("xen_context_switch_us")]
    public double XenContextSwitchUs { get; init; } = 6;
    [Mechanism("xen_ipi_latency_us")]
    public double XenIpiLatencyUs { get; init; } = 5;
    [Mechanism("xen_idle_wake_us")]
    public double XenIdleWakeUs { get; init; } = 8;
    [Mechanism("xen_domctl_base_us")]
    public double XenDomctlBaseUs { get; init; } = 15;
    [Mechanism("xen_per_vcpu_op_us")]
    public double XenPerVcpuOpUs { get; init; } = 2;

    // ---- network receive ----
    [Mechanism("net_rx_softirq_core_per_gbps")]
    public double NetRxSoftirqCorePerGbps { get; init; } = 0.8; // NAPI + IP/TCP on dom0 vCPU0
    [Mechanism("net_irq_interval_us")]
    public double NetIrqIntervalUs { get; init; } = 250;        // coalesced NIC interrupts
    [Mechanism("iperf_core_per_gbps")]
    public double IperfCorePerGbps { get; init; } = 0.3;        // iperf's copy to user space
    [Mechanism("netback_core_per_gbps")]
    public double NetbackCorePerGbps { get; init; } = 0.35;     // guest-rx kthread: grant copies into the domU
    [Mechanism("domu_net_stack_core_per_gbps")]
    public double DomUNetStackCorePerGbps { get; init; } = 0.5; // the domU's own receive path
    [Mechanism("softirq_chunk_us")]
    public double SoftirqChunkUs { get; init; } = 2_000;        // ksoftirqd's __do_softirq pass (net_rx_action budget)

    // ---- block I/O caused by the domU sampler's log ----
    [Mechanism("sampler_io_interval_us")]
    public double SamplerIoIntervalUs { get; init; } = 1_000_000;   // how often its writes reach blkfront
    [Mechanism("blkback_cpu_us")]
    public double BlkbackCpuUs { get; init; } = 80;             // blkback kthread per request batch
    [Mechanism("loop_cpu_us")]
    public double LoopCpuUs { get; init; } = 400;               // loop worker (nice -20) + ext4 for a file-backed disk

    // ---- the domU sampler ----
    [Mechanism("sampler_overhead_us")]
    public double SamplerOverheadUs { get; init; } = 67;        // usleep slack + the write: period = interval + this
    [Mechanism("sampler_cpu_us")]
    public double SamplerCpuUs { get; init; } = 15;
    [Mechanism("domu_tick_hz")]
    public double DomUTickHz { get; init; } = 250;              // first sample after resume waits for the guest's tick

    // ---- occasional long delays: page-cache misses of xl's image and SD-card stalls ----
    [Mechanism("xl_major_fault_prob")]
    public double XlMajorFaultProb { get; init; } = 0.03;       // a launch finds part of xl's image evicted
    [Mechanism("major_faults_per_miss")]
    public double MajorFaultsPerMiss { get; init; } = 4;        // mean faults when it does (geometric)
    [Mechanism("sd_read_mean_us")]
    public double SdReadMeanUs { get; init; } = 6_000;
    [Mechanism("sd_read_sd_us")]
    public double SdReadSdUs { get; init; } = 4_000;
    [Mechanism("sd_stall_rate_per_s")]
    public double SdStallRatePerS { get; init; } = 0.02;        // card-internal write stalls (erase/GC)
    [Mechanism("sd_stall_mean_us")]
    public double SdStallMeanUs { get; init; } = 800_000;
    [Mechanism("sd_stall_sd_us")]
    public double SdStallSdUs { get; init; } = 700_000;

    // ---- dom0 memory reclaim behind a file-backed domU disk ----
    [Mechanism("kswapd_wakes_per_s")]
    public double KswapdWakesPerS { get; init; } = 0.5;          // only with a file-backed domU disk
    [Mechanism("kswapd_cpu_us")]
    public double KswapdCpuUs { get; init; } = 10_000;
    [Mechanism("reclaim_cpu_us")]
    public double ReclaimCpuUs { get; init; } = 300;            // xl's exec reclaiming directly while kswapd is behind
    [Mechanism("writeback_wait_prob")]
    public double WritebackWaitProb { get; init; } = 0.2;       // ... and then waiting for a writeback batch
    [Mechanism("writeback_wait_mean_us")]
    public double WritebackWaitMeanUs { get; init; } = 3_000_000;
    [Mechanism("writeback_wait_sd_us")]
    public double WritebackWaitSdUs { get; init; } = 500_000;

    /// <summary>Multiplies every CPU burst (a slower or throttled clock).</summary>
    [Mechanism("cpu_work_scale")]
    public double CpuWorkScale { get; init; } = 1.0;
}
