namespace XenSwitchSim.Simulator.Measurement;

/// <summary>
/// The raw probe times of one operation, in simulated ns (-1 where a probe saw nothing), as the
/// study's probes would stamp them: the dom0 stamp, the domU sampler's last stamp before the
/// pause / first after the unpause, Xen's start of the operation and the vCPU record
/// (xentrace), plus the true end the simulation knows.
/// </summary>
public record struct ProbeTimes
{
    public long Dom0StampNs;
    public long DomULastSampleNs;
    public long XenOpStartNs;
    public long VcpuOfflineNs;
    public long VcpuRunningNs;
    public long DomUFirstSampleNs;
    public long TrueEndNs;

    public static ProbeTimes Empty => new()
    {
        Dom0StampNs = -1, DomULastSampleNs = -1, XenOpStartNs = -1, VcpuOfflineNs = -1,
        VcpuRunningNs = -1, DomUFirstSampleNs = -1, TrueEndNs = -1,
    };
}
