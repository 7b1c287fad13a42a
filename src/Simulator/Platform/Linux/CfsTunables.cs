namespace XenSwitchSim.Simulator.Platform.Linux;

/// <summary>
/// CFS tunables as the kernel scales them for the number of online CPUs (here dom0's vCPUs):
/// factor = 1 + ilog2(min(ncpus, 8)) (SCHED_TUNABLESCALING_LOG, get_update_sysctl_factor).
/// </summary>
public sealed record CfsTunables
{
    public const int NrLatency = 8;

    public CfsTunables(int onlineCpus, int hz)
    {
        Factor = 1 + (int)Math.Log2(Math.Clamp(onlineCpus, 1, 8));
        LatencyNs = 6_000_000L * Factor;
        MinGranularityNs = 750_000L * Factor;
        WakeupGranularityNs = 1_000_000L * Factor;
        TickNs = 1_000_000_000L / hz;
    }

    public int Factor { get; }
    public long LatencyNs { get; }
    public long MinGranularityNs { get; }
    public long WakeupGranularityNs { get; }
    public long TickNs { get; }

    /// <summary>__sched_period: latency for up to 8 tasks, else nr x min_granularity.</summary>
    public long PeriodNs(int nrRunning) => nrRunning > NrLatency ? nrRunning * MinGranularityNs : LatencyNs;

    /// <summary>GENTLE_FAIR_SLEEPERS: a waking sleeper is placed at most latency/2 behind min_vruntime.</summary>
    public long SleeperCreditNs => LatencyNs / 2;
}
