using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Measurement;
using XenSwitchSim.Simulator.Platform;

namespace XenSwitchSim.Calibration.Measurements;

/// <summary>One replication's results and the raw probe times behind them (simulated ns, -1 = none).</summary>
public sealed record CapturedReplication(
    OperationTimes Times,
    ProbeTimes? Pause,
    ProbeTimes? Unpause,
    ProbeTimes? SwitchActivePause,
    ProbeTimes? SwitchStandbyUnpause);

/// <summary>
/// Runs replications exactly as <see cref="ResolvedScenario.Run"/> does (same streams, same
/// results) and keeps each board's raw probe times, so they can be written as a measurement set
/// in counter ticks, the form hardware produces.
/// </summary>
public static class ProbeCapture
{
    /// <summary>Simulated ns between consecutive operations on the synthetic counter timeline.</summary>
    public const long SlotNs = 100_000_000_000;

    public static CapturedReplication[] Run(ResolvedScenario s, int runs, ulong seed, int threads = 0,
        IProgress<int>? progress = null, bool pauseUnpause = true, bool @switch = true, CancellationToken cancel = default)
    {
        var p = s.Platform;
        var settings = s.Settings;
        var options = new SwitchExperiment.Options { AvailableSchedulers = s.Schedulers, PauseUnpause = pauseUnpause, Switch = @switch };
        return ReplicationRunner.Run(runs, r =>
        {
            Board? pu = null, sw = null;
            var o = options with { Instrument = b => { if (b.Standby is null) pu = b; else sw = b; } };
            var t = SwitchExperiment.Run(p, settings, seed, r, o);
            return new CapturedReplication(t, pu?.ActiveProbe.Pause, pu?.ActiveProbe.Unpause, sw?.ActiveProbe.Pause, sw?.StandbyProbe?.Unpause);
        }, threads, progress, cancel);
    }

    /// <summary>
    /// The replications as runs.csv rows: every probe converted to ticks at <paramref name="counterHz"/>
    /// (rounded, as a counter read would be), each operation in its own slot of a monotone timeline.
    /// Operations that never started (no dom0 stamp) give no row.
    /// </summary>
    public static List<MeasurementRun> ToRuns(IReadOnlyList<CapturedReplication> reps, double counterHz)
    {
        var hz = (ulong)Math.Round(counterHz);
        var rows = new List<MeasurementRun>();
        for (var i = 0; i < reps.Count; i++)
        {
            var r = reps[i];
            if (r.Pause is { } p && p.Dom0StampNs >= 0)
            {
                var b = Base(i, 0);
                rows.Add(new MeasurementRun(i, MeasurementOp.Pause, T(b, p.Dom0StampNs, hz), T(b, p.DomULastSampleNs, hz),
                    T(b, p.XenOpStartNs, hz), T(b, p.VcpuOfflineNs, hz), null, null));
            }

            if (r.Unpause is { } u && u.Dom0StampNs >= 0)
            {
                var b = Base(i, 1);
                rows.Add(new MeasurementRun(i, MeasurementOp.Unpause, T(b, u.Dom0StampNs, hz), null,
                    T(b, u.XenOpStartNs, hz), null, T(b, u.VcpuRunningNs, hz), T(b, u.DomUFirstSampleNs, hz)));
            }

            if (r.SwitchStandbyUnpause is { } su && su.Dom0StampNs >= 0)
            {
                var b = Base(i, 2);
                var ap = r.SwitchActivePause ?? ProbeTimes.Empty;
                rows.Add(new MeasurementRun(i, MeasurementOp.Switch, T(b, su.Dom0StampNs, hz), T(b, ap.DomULastSampleNs, hz),
                    T(b, ap.XenOpStartNs, hz), T(b, ap.VcpuOfflineNs, hz), T(b, su.VcpuRunningNs, hz), T(b, su.DomUFirstSampleNs, hz)));
            }
        }

        return rows;
    }

    private static long Base(int run, int op) => SlotNs * ((3L * run) + op + 1);

    private static ulong? T(long baseNs, long ns, ulong hz) =>
        ns < 0 ? null : Traces.TraceTime.NsToTicks((ulong)(baseNs + ns), hz);
}
