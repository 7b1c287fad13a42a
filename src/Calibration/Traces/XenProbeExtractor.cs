namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// "trace phases": derives the study's Xen-side probe times for one domain from scheduler records
/// (see <see cref="XenProbeOperation"/> for the probe definitions).
/// <para>
/// Xen semantics it relies on (xen/common/sched/core.c, 4.13-4.17):
/// <c>domain_pause</c> raises the pause count then calls <c>vcpu_sleep_sync</c> per vCPU (SLEEP records,
/// one per vCPU, on the caller's pCPU). A runnable vCPU goes ->offline at once on the caller's pCPU; a
/// running one goes running->offline on its own pCPU after the IPI; a blocked one gets no record until
/// its next wake-up, when <c>vcpu_wake</c> writes WAKE and then blocked->offline. <c>domain_unpause</c>
/// calls <c>vcpu_wake</c> per vCPU: WAKE then offline->runnable, or WAKE alone if the vCPU is still
/// blocked (it stays blocked until an event). So, while a pause is open, a WAKE whose next record for
/// the same vCPU is blocked->offline belongs to the pause; any other WAKE starts the unpause.
/// </para>
/// <para>
/// Nested pauses (a SLEEP of a vCPU already slept in the open pause) start a new pause operation; the
/// first of two unpauses writes no records at all, so only one unpause is found for them.
/// </para>
/// </summary>
public static class XenProbeExtractor
{
    /// <summary>Operations of <paramref name="domain"/> in binary records merged in time order.</summary>
    public static XenProbeResult Extract(IReadOnlyList<TraceRecord> records, int domain)
    {
        var events = new List<SchedProbeEvent>();
        for (int i = 0; i < records.Count; i++)
        {
            TraceRecord r = records[i];
            if (SchedProbeEvent.TryFrom(r, i, out SchedProbeEvent e) && e.Dom == domain)
            {
                events.Add(e);
            }
        }

        return ExtractOrdered(events, domain);
    }

    /// <summary>
    /// Operations of <paramref name="domain"/> in probe events from any source. The events are ordered
    /// by (cycles, cpu, source index) first, so per-CPU text output (xentrace_format) may be passed as is.
    /// </summary>
    public static XenProbeResult Extract(IEnumerable<SchedProbeEvent> events, int domain)
    {
        List<SchedProbeEvent> ordered = events
            .Where(e => e.Dom == domain)
            .OrderBy(e => e.Cycles)
            .ThenBy(e => e.Cpu)
            .ThenBy(e => e.SourceIndex)
            .ToList();
        return ExtractOrdered(ordered, domain);
    }

    private static XenProbeResult ExtractOrdered(List<SchedProbeEvent> events, int domain)
    {
        int[] nextOfVcpu = NextOfSameVcpu(events);
        var operations = new List<XenProbeOperation>();
        var warnings = new List<string>();
        var lastState = new Dictionary<int, RunState>();

        OpenPause? pause = null;
        OpenUnpause? unpause = null;

        for (int i = 0; i < events.Count; i++)
        {
            SchedProbeEvent e = events[i];

            if (pause is not null)
            {
                switch (e.Kind)
                {
                    case SchedProbeKind.Sleep when pause.Slept.Contains(e.Vcpu):
                        warnings.Add($"nested pause: second SLEEP of d{domain}v{e.Vcpu} at {e.Cycles} before any unpause");
                        operations.Add(pause.Close());
                        pause = new OpenPause(domain, e, lastState);
                        break;

                    case SchedProbeKind.Sleep:
                        pause.AddSleep(e, lastState);
                        break;

                    case SchedProbeKind.Runstate when e.New == RunState.Offline:
                        pause.AddOffline(e);
                        break;

                    case SchedProbeKind.Wake:
                    {
                        int next = nextOfVcpu[i];
                        bool wakeDuringPause = next >= 0
                            && events[next] is { Kind: SchedProbeKind.Runstate, Old: RunState.Blocked, New: RunState.Offline };
                        if (!wakeDuringPause)
                        {
                            operations.Add(pause.Close());
                            pause = null;
                            unpause = new OpenUnpause(domain, e, "vcpu_wake");
                        }

                        break;
                    }

                    case SchedProbeKind.Runstate when e.Old == RunState.Offline && e.New == RunState.Runnable:
                        operations.Add(pause.Close());
                        pause = null;
                        unpause = new OpenUnpause(domain, e, "runstate_change offline->runnable");
                        break;

                    case SchedProbeKind.Runstate when e.New == RunState.Running:
                        warnings.Add($"d{domain}v{e.Vcpu} went {e.Old.Name()}->running at {e.Cycles} while paused, with no unpause record before it; closing the pause");
                        operations.Add(pause.Close());
                        pause = null;
                        break;
                }
            }
            else if (e.Kind == SchedProbeKind.Sleep)
            {
                if (unpause is not null)
                {
                    warnings.Add($"pause at {e.Cycles} began before any vCPU of d{domain} ran after the unpause at {unpause.Start.Cycles}");
                    operations.Add(unpause.Close());
                    unpause = null;
                }

                pause = new OpenPause(domain, e, lastState);
            }
            else if (unpause is not null)
            {
                if (e.Kind == SchedProbeKind.Runstate && e.New == RunState.Running)
                {
                    unpause.End = e;
                    operations.Add(unpause.Close());
                    unpause = null;
                }
                else if (e.Kind == SchedProbeKind.Wake
                         || (e.Kind == SchedProbeKind.Runstate && e.Old == RunState.Offline && e.New == RunState.Runnable))
                {
                    unpause.Vcpus.Add(e.Vcpu);
                }
            }

            if (e.Kind == SchedProbeKind.Runstate)
            {
                lastState[e.Vcpu] = e.New;
            }
        }

        if (pause is not null)
        {
            operations.Add(pause.Close());
        }

        if (unpause is not null)
        {
            operations.Add(unpause.Close());
        }

        return new XenProbeResult(domain, operations, warnings);
    }

    /// <summary>For each event, the index of the next event of the same vCPU, or -1.</summary>
    private static int[] NextOfSameVcpu(List<SchedProbeEvent> events)
    {
        var next = new int[events.Count];
        var seen = new Dictionary<int, int>();
        for (int i = events.Count - 1; i >= 0; i--)
        {
            int vcpu = events[i].Vcpu;
            next[i] = seen.TryGetValue(vcpu, out int n) ? n : -1;
            seen[vcpu] = i;
        }

        return next;
    }

    private sealed class OpenPause
    {
        private readonly int _domain;
        private readonly SchedProbeEvent _start;
        private readonly SortedSet<int> _alreadyOffline = new();
        private readonly SortedDictionary<int, SchedProbeEvent> _offline = new();

        public OpenPause(int domain, SchedProbeEvent start, Dictionary<int, RunState> lastState)
        {
            _domain = domain;
            _start = start;
            AddSleep(start, lastState);
        }

        public SortedSet<int> Slept { get; } = new();

        public void AddSleep(SchedProbeEvent e, Dictionary<int, RunState> lastState)
        {
            Slept.Add(e.Vcpu);
            if (lastState.TryGetValue(e.Vcpu, out RunState s) && s == RunState.Offline && !_offline.ContainsKey(e.Vcpu))
            {
                _alreadyOffline.Add(e.Vcpu);
            }
        }

        public void AddOffline(SchedProbeEvent e)
        {
            if (!_offline.ContainsKey(e.Vcpu))
            {
                _offline[e.Vcpu] = e;
                _alreadyOffline.Remove(e.Vcpu);
            }
        }

        public XenProbeOperation Close()
        {
            SchedProbeEvent? last = null;
            foreach (SchedProbeEvent e in _offline.Values)
            {
                if (last is null || e.Cycles >= last.Value.Cycles)
                {
                    last = e;
                }
            }

            var vcpus = new SortedSet<int>(Slept);
            vcpus.UnionWith(_offline.Keys);
            int[] missing = Slept.Where(v => !_offline.ContainsKey(v) && !_alreadyOffline.Contains(v)).ToArray();

            return new XenProbeOperation(
                XenOperationKind.Pause,
                _domain,
                _start.Cycles,
                last?.Cycles,
                _start.Cpu,
                "vcpu_sleep",
                vcpus.ToArray(),
                missing,
                _start.SourceIndex,
                last?.SourceIndex);
        }
    }

    private sealed class OpenUnpause(int domain, SchedProbeEvent start, string startEvent)
    {
        public SchedProbeEvent Start { get; } = start;

        public SortedSet<int> Vcpus { get; } = new() { start.Vcpu };

        public SchedProbeEvent? End { get; set; }

        public XenProbeOperation Close() => new(
            XenOperationKind.Unpause,
            domain,
            Start.Cycles,
            End?.Cycles,
            Start.Cpu,
            startEvent,
            Vcpus.ToArray(),
            Array.Empty<int>(),
            Start.SourceIndex,
            End?.SourceIndex);
    }
}
