namespace XenSwitchSim.Simulator.Measurement;

/// <summary>
/// One replication's results in microseconds: observed (as the study computed them from its
/// probes) and true (from the decision to the real effect), with the study's phases. NaN where
/// an operation was not run or is infeasible.
/// </summary>
public record struct OperationTimes
{
    public double PauseObservedUs;
    public double PauseTrueUs;
    public double PauseXlToDomULastSampleUs;
    public double PauseDomULastSampleToXenUs;
    public double PauseXenToVcpuPausedUs;
    public double UnpauseObservedUs;
    public double UnpauseTrueUs;
    public double UnpauseXlToXenUs;
    public double UnpauseXenToVcpuRunningUs;
    public double UnpauseVcpuRunningToDomUSampleUs;
    public double SwitchObservedUs;
    public double SwitchTrueUs;

    /// <summary>
    /// What the storage path added to each operation: the time its launches of xl blocked in page-cache-miss reads
    /// (SD card, stalls included), and how many launches it made. Known-mean parts of the time, for a control variate
    /// (the calibration's means: see SimulatedOp). Single precision: they only correct a mean.
    /// </summary>
    public float PauseStorageUs;
    public float UnpauseStorageUs;
    public float SwitchStorageUs;
    public byte PauseXlLaunches;
    public byte UnpauseXlLaunches;
    public byte SwitchXlLaunches;

    public static OperationTimes Missing => new()
    {
        PauseObservedUs = double.NaN, PauseTrueUs = double.NaN, PauseXlToDomULastSampleUs = double.NaN,
        PauseDomULastSampleToXenUs = double.NaN, PauseXenToVcpuPausedUs = double.NaN,
        UnpauseObservedUs = double.NaN, UnpauseTrueUs = double.NaN, UnpauseXlToXenUs = double.NaN,
        UnpauseXenToVcpuRunningUs = double.NaN, UnpauseVcpuRunningToDomUSampleUs = double.NaN,
        SwitchObservedUs = double.NaN, SwitchTrueUs = double.NaN,
        PauseStorageUs = float.NaN, UnpauseStorageUs = float.NaN, SwitchStorageUs = float.NaN,
    };

    private static double Us(long fromNs, long toNs) => fromNs < 0 || toNs < 0 ? double.NaN : (toNs - fromNs) / 1000.0;

    /// <summary>The study's pause phases: stamp → last sample → Xen's start → the vCPU's offline record.</summary>
    public void SetPause(in ProbeTimes t)
    {
        PauseObservedUs = Us(t.Dom0StampNs, t.VcpuOfflineNs);
        PauseTrueUs = Us(t.Dom0StampNs, t.TrueEndNs);
        PauseXlToDomULastSampleUs = Us(t.Dom0StampNs, t.DomULastSampleNs);
        PauseDomULastSampleToXenUs = Us(t.DomULastSampleNs, t.XenOpStartNs);
        PauseXenToVcpuPausedUs = Us(t.XenOpStartNs, t.VcpuOfflineNs);
    }

    /// <summary>The study's unpause phases: stamp → Xen's start → the vCPU's running record → first new sample.</summary>
    public void SetUnpause(in ProbeTimes t)
    {
        UnpauseObservedUs = Us(t.Dom0StampNs, t.DomUFirstSampleNs);
        UnpauseTrueUs = Us(t.Dom0StampNs, t.TrueEndNs);
        UnpauseXlToXenUs = Us(t.Dom0StampNs, t.XenOpStartNs);
        UnpauseXenToVcpuRunningUs = Us(t.XenOpStartNs, t.VcpuRunningNs);
        UnpauseVcpuRunningToDomUSampleUs = Us(t.VcpuRunningNs, t.DomUFirstSampleNs);
    }

    /// <summary>Switch: from the stamp to the standby's first new sample (observed) / first guest instruction (true).</summary>
    public void SetSwitch(long stampNs, in ProbeTimes standbyUnpause)
    {
        SwitchObservedUs = Us(stampNs, standbyUnpause.DomUFirstSampleNs);
        SwitchTrueUs = Us(stampNs, standbyUnpause.TrueEndNs);
    }
}
