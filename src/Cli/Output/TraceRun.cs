using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Measurement;
using XenSwitchSim.Simulator.Platform;

namespace XenSwitchSim.Cli.Output;

/// <summary>One traced operation of a replication: its board's recording, its probes and the window to show.</summary>
public sealed record TracedOperation(string Board, string Name, long OriginNs, long FromNs, long ToNs, TimelineRecorder Recorder,
    IReadOnlyList<(string Label, long Ns)> Probes);

/// <summary>A replication re-run with timeline recorders attached (--trace-run K): same seed and index, so the same result.</summary>
public sealed record TracedReplication(int Replication, OperationTimes Times, IReadOnlyList<TracedOperation> Operations)
{
    public static TracedReplication Run(ResolvedScenario s, ulong seed, int rep)
    {
        var recorders = new List<(TimelineRecorder R, Board B)>();
        var options = new SwitchExperiment.Options
        {
            AvailableSchedulers = s.Schedulers,
            Instrument = b =>
            {
                var r = new TimelineRecorder();
                r.Attach(b, b.Standby is null ? "pause-unpause" : "switch");
                recorders.Add((r, b));
            },
        };
        var t = SwitchExperiment.Run(s.Platform, s.Settings, seed, rep, options);
        var ops = new List<TracedOperation>();
        foreach (var (r, b) in recorders)
        {
            if (b.Standby is null)
            {
                Add(ops, r, "pause", b.ActiveProbe.Pause, [
                    ("dom0 stamp (decision)", b.ActiveProbe.Pause.Dom0StampNs),
                    ("domU's last sample", b.ActiveProbe.Pause.DomULastSampleNs),
                    ("Xen starts the pause (vcpu_sleep)", b.ActiveProbe.Pause.XenOpStartNs),
                    ("vCPU0 offline (xentrace)", b.ActiveProbe.Pause.VcpuOfflineNs),
                    ("true end: last vCPU off its pCPU", b.ActiveProbe.Pause.TrueEndNs)]);
                Add(ops, r, "unpause", b.ActiveProbe.Unpause, [
                    ("dom0 stamp (decision)", b.ActiveProbe.Unpause.Dom0StampNs),
                    ("Xen starts the unpause (vcpu_wake)", b.ActiveProbe.Unpause.XenOpStartNs),
                    ("vCPU0 running (xentrace)", b.ActiveProbe.Unpause.VcpuRunningNs),
                    ("true end: guest code runs", b.ActiveProbe.Unpause.TrueEndNs),
                    ("domU's first sample", b.ActiveProbe.Unpause.DomUFirstSampleNs)]);
            }
            else
            {
                var a = b.ActiveProbe.Pause;
                var u = b.StandbyProbe!.Unpause;
                Add(ops, r, "switch", u, [
                    ("dom0 stamp (decision)", u.Dom0StampNs),
                    ("active: Xen starts the pause", a.XenOpStartNs),
                    ("active: last vCPU off its pCPU", a.TrueEndNs),
                    ("standby: Xen starts the unpause", u.XenOpStartNs),
                    ("standby: true end, guest code runs", u.TrueEndNs),
                    ("standby: domU's first sample", u.DomUFirstSampleNs)]);
            }
        }
        return new TracedReplication(rep, t, ops);
    }

    private static void Add(List<TracedOperation> ops, TimelineRecorder r, string name, ProbeTimes p, (string, long)[] probes)
    {
        if (p.Dom0StampNs < 0) return;
        var end = Math.Max(Math.Max(p.TrueEndNs, p.VcpuOfflineNs), Math.Max(p.DomUFirstSampleNs, p.VcpuRunningNs));
        ops.Add(new TracedOperation(r.Board, name, p.Dom0StampNs, p.Dom0StampNs - 1_000_000, end, r, probes));
    }

    /// <summary>The text timeline (contract section 3) that --trace-run prints.</summary>
    public void Print(TextWriter o)
    {
        var t = Times;
        o.WriteLine($"# timeline of replication {Replication} (times from each operation's dom0 decision)");
        o.WriteLine($"# pause {t.PauseTrueUs:F1} us true / {t.PauseObservedUs:F1} observed; unpause {t.UnpauseTrueUs:F1} / {t.UnpauseObservedUs:F1}; switch {t.SwitchTrueUs:F1} / {t.SwitchObservedUs:F1}");
        foreach (var op in Operations)
        {
            o.WriteLine($"## {op.Board}: {op.Name} (decision at {op.OriginNs / 1e6:F3} ms of simulated time)");
            foreach (var line in op.Recorder.Lines(op.FromNs, op.ToNs, op.OriginNs)) o.WriteLine(line);
        }
    }
}
