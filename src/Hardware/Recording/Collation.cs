using System.Globalization;
using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Calibration.Traces;
using XenSwitchSim.Hardware.Sampler;

namespace XenSwitchSim.Hardware.Recording;

/// <summary>One timed operation as the harness issued it (dom0 counter values).</summary>
/// <param name="First">The timed call: the pause (pause, switch) or the unpause (unpause).</param>
/// <param name="Second">For a switch, the standby's unpause issued right after.</param>
public sealed record RawRun(int Run, MeasurementOp Op, OpResult First, OpResult? Second);

/// <summary>An offset (physical counter - a domain's counter) and how it was found.</summary>
public sealed record CounterOffset(long Ticks, long UncertaintyTicks, string Method);

/// <summary>What <see cref="Collation"/> needs besides the runs.</summary>
public sealed record CollationInput
{
    public required IReadOnlyList<RawRun> Runs { get; init; }

    public required uint ActiveId { get; init; }

    public uint? StandbyId { get; init; }

    public required bool Arm64 { get; init; }

    /// <summary>Whether dom0's stamps come from the hardware counter (else they cannot be put on Xen's timeline).</summary>
    public required bool NativeCounter { get; init; }

    public IReadOnlyList<TraceRecord>? Trace { get; init; }

    public IReadOnlyDictionary<uint, SamplerLog> Samplers { get; init; } = new Dictionary<uint, SamplerLog>();

    public long? Dom0Offset { get; init; }

    public IReadOnlyDictionary<uint, long> DomUOffsets { get; init; } = new Dictionary<uint, long>();

    /// <summary>
    /// The vCPU whose runstate records give vcpu_offline and vcpu_running: the sampler's vCPU (0, where
    /// docs/hardware.md pins it), as the simulator's probe defines them; null takes the domain's latest
    /// offline and first running record of any vCPU (what <c>trace phases</c> reports).
    /// </summary>
    public int? ProbeVcpu { get; init; } = 0;

    /// <summary>A gap between two stamps longer than this is a pause (the harness holds each pause much longer than the interval).</summary>
    public required ulong GapTicks { get; init; }
}

/// <summary>
/// Puts dom0's stamps, Xen's trace records and the domU sampler's stamps on one timeline (Xen's
/// physical counter) and writes one runs.csv row per timed operation.
/// <para>
/// Offsets (physical - virtual; on Arm a domain's CNTVOFF, fixed for its lifetime, xen-internals.md 5):
/// given ones win; otherwise, with a trace, they are bracketed: dom0's virtual counter was read just
/// before and just after each call, and Xen's SLEEP/WAKE record lies in between, so
/// off0 is in [xen - after, xen - before] for every run, and the intersection is taken; a domU's last
/// stamp before a pause precedes its vCPU's offline record and its first stamp after precedes nothing
/// earlier than the running record, so offU is in [running - first, offline - last] for every pause.
/// The midpoint is used and the half-width is recorded as the uncertainty. Without a trace, x86
/// counters are taken as unshifted (Xen does not offset a PV domain's TSC by default; the sampler
/// reports the cost of a read so an emulated TSC shows), and Arm domU columns are left empty.
/// </para>
/// </summary>
public static class Collation
{
    public sealed record Result(List<MeasurementRun> Rows, Dictionary<string, string> Alignment, List<string> Warnings);

    public static Result Collate(CollationInput x)
    {
        var warnings = new List<string>();
        var alignment = new Dictionary<string, string>(StringComparer.Ordinal);

        // Trace operations, matched to runs by order (the harness issues the same sequence every run).
        List<XenProbeOperation>? activeTimed = null, standbyTimed = null;
        List<XenProbeOperation> activeAll = [], standbyAll = [];
        if (x.Trace is { } trace)
        {
            activeAll = XenProbeExtractor.Extract(trace, (int)x.ActiveId).Operations.ToList();
            var op = x.Runs.Count > 0 ? x.Runs[0].Op : MeasurementOp.Pause;
            var kind = op == MeasurementOp.Unpause ? XenOperationKind.Unpause : XenOperationKind.Pause;
            activeTimed = activeAll.Where(o => o.Op == kind).ToList();
            if (activeTimed.Count != x.Runs.Count)
            {
                warnings.Add($"the trace holds {activeTimed.Count} {kind.ToString().ToLowerInvariant()}(s) of domain {x.ActiveId} for {x.Runs.Count} runs; Xen-side columns left empty (were records lost, or xentrace started late?)");
                activeTimed = null;
            }

            if (x.StandbyId is { } sb)
            {
                standbyAll = XenProbeExtractor.Extract(trace, (int)sb).Operations.ToList();
                standbyTimed = standbyAll.Where(o => o.Op == XenOperationKind.Unpause).ToList();
                if (standbyTimed.Count != x.Runs.Count)
                {
                    warnings.Add($"the trace holds {standbyTimed.Count} unpause(s) of the standby {sb} for {x.Runs.Count} runs; its columns left empty");
                    standbyTimed = null;
                }
            }
        }

        // dom0's offset.
        CounterOffset? off0 = null;
        if (!x.NativeCounter)
        {
            warnings.Add("dom0's stamps come from CLOCK_MONOTONIC, not the hardware counter: only dom0 columns are comparable");
        }
        else if (x.Dom0Offset is { } given0)
        {
            off0 = new CounterOffset(given0, 0, "given");
        }
        else if (activeTimed is not null)
        {
            var brackets = x.Runs.Select((r, i) => ((long)activeTimed[i].XenOpStartCycles - (long)r.First.After, (long)activeTimed[i].XenOpStartCycles - (long)r.First.Before));
            off0 = Intersect(brackets, "bracket of each call by dom0's counter reads around Xen's SLEEP/WAKE record", warnings, "dom0");
        }
        else if (!x.Arm64)
        {
            off0 = new CounterOffset(0, 0, "assumed 0: dom0's TSC is Xen's on x86 (no trace to check it)");
        }
        else
        {
            warnings.Add("dom0's CNTVOFF is unknown (no --xentrace and no --dom0-offset-ticks): stamps are written on dom0's virtual counter, not comparable with Xen's");
        }

        if (off0 is not null) Describe(alignment, "dom0", off0);

        // Each domU's offset.
        var offU = new Dictionary<uint, CounterOffset>();
        foreach (var (id, log) in x.Samplers)
        {
            CounterOffset? o = null;
            var ops = id == x.ActiveId ? activeAll : standbyAll;
            if (x.DomUOffsets.TryGetValue(id, out var g)) o = new CounterOffset(g, 0, "given");
            else if (log.OffsetKnown) o = new CounterOffset(log.OffsetTicks, 0, "from the sampler log (given to the sampler)");
            else if (ops.Count > 0 && PausedIntervals(ops) is { Count: > 0 } paused)
            {
                var gaps = Gaps(log.Stamps, x.GapTicks);
                var brackets = MatchGaps(paused, gaps, x.GapTicks).ToList();
                if (brackets.Count > 0) o = Intersect(brackets, "bracket of each pause by the sampler's last stamp before the offline record and first after the running record", warnings, $"domain {id}");
                else warnings.Add($"domain {id}: no gap in the sampler log matches a pause in the trace; its offset is unknown");
            }
            else if (!x.Arm64) o = new CounterOffset(0, 0, "assumed 0: the domU's TSC is Xen's on x86 (no trace to check it)");
            else warnings.Add($"domain {id}: its CNTVOFF is unknown (no trace, no --domu-offset-ticks); its sampler columns are left empty");

            if (log.Arch == 2 && log.ReadCostNs > 500)
                warnings.Add($"domain {id}: one TSC read costs {log.ReadCostNs} ns in the guest: Xen probably emulates rdtsc, whose values may be offset and scaled");
            if (o is not null)
            {
                offU[id] = o;
                Describe(alignment, $"domain{id}", o);
            }
        }

        // The probe vCPU's own records, between an operation's start and the domain's next operation.
        var activeEvents = x.Trace is null ? [] : Events(x.Trace, (int)x.ActiveId);
        var standbyEvents = x.Trace is null || x.StandbyId is null ? [] : Events(x.Trace, (int)x.StandbyId.Value);
        ulong? End(XenProbeOperation? op, List<XenProbeOperation> all, List<SchedProbeEvent> events)
        {
            if (op is null) return null;
            if (x.ProbeVcpu is not { } v) return op.VcpuOfflineOrRunningCycles;
            var until = all.Where(o => o.XenOpStartCycles > op.XenOpStartCycles).Select(o => o.XenOpStartCycles).DefaultIfEmpty(ulong.MaxValue).Min();
            var to = op.Op == XenOperationKind.Pause ? RunState.Offline : RunState.Running;
            foreach (var e in events)
            {
                if (e.Cycles >= until) break;
                if (e.Cycles >= op.XenOpStartCycles && e.Kind == SchedProbeKind.Runstate && e.Vcpu == v && e.New == to) return e.Cycles;
            }

            return null;
        }

        // Rows.
        var rows = new List<MeasurementRun>();
        for (var i = 0; i < x.Runs.Count; i++)
        {
            var r = x.Runs[i];
            ulong? stamp = off0 is null ? null : Phys(r.First.Before, off0.Ticks);
            if (stamp is null)
            {
                // dom0 stamps stay on dom0's own counter; nothing else may be mixed in.
                rows.Add(new MeasurementRun(r.Run, r.Op, r.First.Before, null, null, null, null, null));
                continue;
            }

            var a = activeTimed?[i];
            var b = standbyTimed?[i];
            ulong? last = null, first = null;
            var activeLog = x.Samplers.GetValueOrDefault(x.ActiveId);
            if (r.Op != MeasurementOp.Unpause && activeLog is not null && offU.TryGetValue(x.ActiveId, out var oa))
                last = LastBeforeGap(activeLog.Stamps, oa.Ticks, stamp.Value, x.GapTicks);
            var firstId = r.Op == MeasurementOp.Switch ? x.StandbyId : x.ActiveId;
            if (r.Op != MeasurementOp.Pause && firstId is { } fid && x.Samplers.GetValueOrDefault(fid) is { } flog && offU.TryGetValue(fid, out var of))
                first = FirstAfter(flog.Stamps, of.Ticks, stamp.Value);

            var aEnd = End(a, activeAll, activeEvents);
            rows.Add(r.Op switch
            {
                MeasurementOp.Pause => new MeasurementRun(r.Run, r.Op, stamp, last, a?.XenOpStartCycles, aEnd, null, null),
                MeasurementOp.Unpause => new MeasurementRun(r.Run, r.Op, stamp, null, a?.XenOpStartCycles, null, aEnd, first),
                _ => new MeasurementRun(r.Run, r.Op, stamp, last, a?.XenOpStartCycles, aEnd, End(b, standbyAll, standbyEvents), first),
            });
        }

        alignment["timeline"] = x.Arm64 ? "CNTPCT (Xen's trace clock)" : "TSC (Xen's trace clock)";
        alignment["vcpu_probe"] = x.ProbeVcpu is { } pv ? $"runstate records of vCPU {pv} (the sampler's)" : "latest offline / first running record of any vCPU";
        return new Result(rows, alignment, warnings);
    }

    private static List<SchedProbeEvent> Events(IReadOnlyList<TraceRecord> trace, int domain)
    {
        var list = new List<SchedProbeEvent>();
        for (var i = 0; i < trace.Count; i++)
        {
            if (SchedProbeEvent.TryFrom(trace[i], i, out var e) && e.Dom == domain) list.Add(e);
        }

        return list;
    }

    private static void Describe(Dictionary<string, string> a, string who, CounterOffset o)
    {
        a[$"{who}_offset_ticks"] = o.Ticks.ToString(CultureInfo.InvariantCulture);
        a[$"{who}_offset_uncertainty_ticks"] = o.UncertaintyTicks.ToString(CultureInfo.InvariantCulture);
        a[$"{who}_offset_method"] = o.Method;
    }

    /// <summary>The intersection of [lo, hi] brackets: its midpoint and half-width; if empty, the median midpoint, flagged.</summary>
    public static CounterOffset Intersect(IEnumerable<(long Lo, long Hi)> brackets, string method, List<string> warnings, string who)
    {
        var list = brackets.ToList();
        var lo = list.Max(b => b.Lo);
        var hi = list.Min(b => b.Hi);
        if (lo <= hi) return new CounterOffset(lo + ((hi - lo) / 2), (hi - lo + 1) / 2, method);
        var mids = list.Select(b => b.Lo + ((b.Hi - b.Lo) / 2)).Order().ToList();
        var spread = mids[^1] - mids[0];
        warnings.Add($"{who}: the {list.Count} brackets of its counter offset do not overlap (spread {spread} ticks); the median is used");
        return new CounterOffset(mids[mids.Count / 2], spread / 2, method + " (brackets inconsistent; median)");
    }

    /// <summary>Intervals [offline, running] during which the domain was paused, from its trace operations.</summary>
    public static List<(ulong Offline, ulong Running)> PausedIntervals(IReadOnlyList<XenProbeOperation> ops)
    {
        var result = new List<(ulong, ulong)>();
        for (var i = 0; i + 1 < ops.Count; i++)
        {
            if (ops[i].Op == XenOperationKind.Pause && ops[i + 1].Op == XenOperationKind.Unpause
                && ops[i].VcpuOfflineOrRunningCycles is { } off && ops[i + 1].VcpuOfflineOrRunningCycles is { } run)
            {
                result.Add((off, run));
            }
        }

        return result;
    }

    /// <summary>Gaps longer than <paramref name="gapTicks"/>: (last stamp before, first stamp after).</summary>
    public static List<(ulong Last, ulong First)> Gaps(ulong[] stamps, ulong gapTicks)
    {
        var gaps = new List<(ulong, ulong)>();
        for (var i = 1; i < stamps.Length; i++)
        {
            if (stamps[i] - stamps[i - 1] > gapTicks) gaps.Add((stamps[i - 1], stamps[i]));
        }

        return gaps;
    }

    /// <summary>
    /// Pairs each paused interval with the sampler gap that covers it, trying each gap as the first
    /// pause's and keeping the alignment that explains the most pauses; yields the offset brackets.
    /// </summary>
    public static IEnumerable<(long Lo, long Hi)> MatchGaps(List<(ulong Offline, ulong Running)> paused, List<(ulong Last, ulong First)> gaps, ulong tolerance)
    {
        if (gaps.Count == 0) yield break;
        var bestScore = -1;
        long bestCoarse = 0;
        foreach (var g in gaps)
        {
            var coarse = (long)paused[0].Offline - (long)g.Last;
            var score = paused.Count(p => FindGap(gaps, p, coarse, tolerance) >= 0);
            if (score > bestScore)
            {
                bestScore = score;
                bestCoarse = coarse;
            }
        }

        foreach (var p in paused)
        {
            var k = FindGap(gaps, p, bestCoarse, tolerance);
            if (k < 0) continue;
            var (last, first) = gaps[k];
            yield return ((long)p.Running - (long)first, (long)p.Offline - (long)last);
        }
    }

    private static int FindGap(List<(ulong Last, ulong First)> gaps, (ulong Offline, ulong Running) p, long coarse, ulong tolerance)
    {
        for (var k = 0; k < gaps.Count; k++)
        {
            var last = (long)gaps[k].Last + coarse;
            var first = (long)gaps[k].First + coarse;
            if (Math.Abs(last - (long)p.Offline) <= (long)tolerance && Math.Abs(first - (long)p.Running) <= (long)tolerance) return k;
        }

        return -1;
    }

    private static ulong Phys(ulong virt, long offset) => (ulong)((long)virt + offset);

    /// <summary>The last stamp (physical) before the first gap that ends after <paramref name="stampPhys"/>.</summary>
    public static ulong? LastBeforeGap(ulong[] stamps, long offset, ulong stampPhys, ulong gapTicks)
    {
        for (var i = 1; i < stamps.Length; i++)
        {
            var after = Phys(stamps[i], offset);
            if (after > stampPhys && stamps[i] - stamps[i - 1] > gapTicks) return Phys(stamps[i - 1], offset);
        }

        return null;
    }

    /// <summary>The first stamp (physical) after <paramref name="stampPhys"/>.</summary>
    public static ulong? FirstAfter(ulong[] stamps, long offset, ulong stampPhys)
    {
        foreach (var s in stamps)
        {
            var p = Phys(s, offset);
            if (p > stampPhys) return p;
        }

        return null;
    }
}
