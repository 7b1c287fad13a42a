namespace XenSwitchSim.Simulator.Platform;

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
    public double SpawnerForkCpuUs { get; init; } = 700;        // fork+exec set-up in the spawner
    public double WrapperExecCpuUs { get; init; } = 1_500;      // exec of nice/chrt + ld.so, before it execs xl
    public double XlExecCpuUs { get; init; } = 5_000;           // exec xl, ld.so maps and relocates ~20 DSOs
    public double XlCtxAllocCpuUs { get; init; } = 1_800;       // libxl_ctx_alloc: privcmd opens, xenstored connect
    public double XlConfigCpuUs { get; init; } = 1_500;         // xl.conf parse, autoballoon probe
    public int XlVersionHypercalls { get; init; } = 9;          // libxl_get_version_info
    public double XlLookupCpuUs { get; init; } = 400;           // getdomaininfolist bounce buffers, per call
    public double XlPerDomainCpuUs { get; init; } = 60;         // libxl__xcinfo2xlinfo, xsm_op per domain
    public double XlExitCpuUs { get; init; } = 600;             // libxl_ctx_free, munmap of the DSOs
    public double CpuWorkSdRel { get; init; } = 0.05;           // run-to-run spread of every CPU burst (lognormal)

    // ---- xenstore ----
    public double XenstoreClientCpuUs { get; init; } = 40;      // xs_talkv: write, then the read syscall
    public double XenstoredCpuUs { get; init; } = 120;          // cxenstored handling one read

    // ---- hypercalls ----
    public double HypercallEntryUs { get; init; } = 8;          // ioctl(privcmd) to HVC and back, in the caller
    public double VersionHypercallUs { get; init; } = 12;       // do_xen_version

    // ---- resident switcher and kernel module ----
    public double ResidentWakeCpuUs { get; init; } = 30;        // the notice read, before xc_domain_pause
    public double KernelModuleHandlerUs { get; init; } = 5;     // irq handler before the domctl

    // ---- Xen ----
    public double XenContextSwitchUs { get; init; } = 6;
    public double XenIpiLatencyUs { get; init; } = 5;
    public double XenIdleWakeUs { get; init; } = 8;
    public double XenDomctlBaseUs { get; init; } = 15;
    public double XenPerVcpuOpUs { get; init; } = 2;

    // ---- network receive ----
    public double NetRxSoftirqCorePerGbps { get; init; } = 0.8; // NAPI + IP/TCP on dom0 vCPU0
    public double NetIrqIntervalUs { get; init; } = 250;        // coalesced NIC interrupts
    public double IperfCorePerGbps { get; init; } = 0.3;        // iperf's copy to user space
    public double NetbackCorePerGbps { get; init; } = 0.35;     // guest-rx kthread: grant copies into the domU
    public double DomUNetStackCorePerGbps { get; init; } = 0.5; // the domU's own receive path
    public double SoftirqChunkUs { get; init; } = 2_000;        // ksoftirqd's __do_softirq pass (net_rx_action budget)

    // ---- block I/O caused by the domU sampler's log ----
    public double SamplerIoIntervalMs { get; init; } = 1_000;   // how often its writes reach blkfront
    public double BlkbackCpuUs { get; init; } = 80;             // blkback kthread per request batch
    public double LoopCpuUs { get; init; } = 400;               // loop worker (nice -20) + ext4 for a file-backed disk

    // ---- the domU sampler ----
    public double SamplerOverheadUs { get; init; } = 67;        // usleep slack + the write: period = interval + this
    public double SamplerCpuUs { get; init; } = 15;
    public double DomUTickHz { get; init; } = 250;              // first sample after resume waits for the guest's tick

    // ---- occasional long delays: page-cache misses of xl's image and SD-card stalls ----
    public double XlMajorFaultProb { get; init; } = 0.03;       // a launch finds part of xl's image evicted
    public double MajorFaultsPerMiss { get; init; } = 4;        // mean faults when it does (geometric)
    public double SdReadMeanUs { get; init; } = 6_000;
    public double SdReadSdUs { get; init; } = 4_000;
    public double SdStallRatePerS { get; init; } = 0.02;        // card-internal write stalls (erase/GC)
    public double SdStallMeanMs { get; init; } = 800;
    public double SdStallSdMs { get; init; } = 700;

    /// <summary>Multiplies every CPU burst (a slower or throttled clock).</summary>
    public double CpuWorkScale { get; init; } = 1.0;
}
