using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Calibration.Traces;
using XenSwitchSim.Hardware.Counters;
using XenSwitchSim.Hardware.Sampler;
using XenSwitchSim.Hardware.Xen;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Hardware.Recording;

/// <summary>Everything <c>hw record</c> was given.</summary>
public sealed record RecordRequest
{
    public required RecordOptions Options { get; init; }

    public required string Mechanism { get; init; }

    public int Nice { get; init; }

    public bool Fifo { get; init; }

    public int FifoPriority { get; init; } = 50;

    public bool Xentrace { get; init; }

    public double SampleIntervalUs { get; init; } = 4000;

    public IReadOnlyList<ParameterAssignment> Sets { get; init; } = [];

    public bool ApplyLoads { get; init; }

    public required string OutDir { get; init; }

    public TimeSpan OpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public double? CounterHz { get; init; }

    public long? Dom0OffsetTicks { get; init; }

    public IReadOnlyDictionary<string, long> DomUOffsetTicks { get; init; } = new Dictionary<string, long>();

    /// <summary>Domain name -> path of its sampler log, readable from dom0 once the runs are over.</summary>
    public IReadOnlyDictionary<string, string> SamplerLogs { get; init; } = new Dictionary<string, string>();

    /// <summary>Domain name -> shell command whose standard output is its sampler log (e.g. <c>ssh root@domu cat /var/tmp/xss.log</c>).</summary>
    public IReadOnlyDictionary<string, string> SamplerFetch { get; init; } = new Dictionary<string, string>();

    public required string ToolVersion { get; init; }

    /// <summary>The vCPU whose runstate records are vcpu_offline/vcpu_running (the sampler's; null: any vCPU).</summary>
    public int? ProbeVcpu { get; init; } = 0;
}

/// <summary>
/// <c>hw record</c> from the request to the measurement set: checks (and refuses) first, describes the
/// plan, then on <see cref="Execute"/> starts xentrace and loads, runs the <see cref="Recorder"/>,
/// stops them, fetches the sampler logs, collates and writes meta.yaml, runs.csv and raw/.
/// External pieces are injected so tests can use a fake <c>xl</c> and a fake libxenctrl.
/// </summary>
public sealed class RecordSession(RecordRequest request, ProcessRunner runner, Func<IXenControl> openXc, ICounter counter, Action<string> log)
{
    private IDomainOperations? _ops;
    private Recorder? _recorder;
    private IXenControl? _xc;
    private XlClient? _xl;
    private ScenarioParameters? _parameters;

    /// <summary>Validates everything that can be checked without touching a domain; returns the plan to show.</summary>
    public string Prepare(CancellationToken cancel = default)
    {
        var o = request.Options;
        if (Directory.Exists(request.OutDir) && Directory.EnumerateFileSystemEntries(request.OutDir).Any())
            throw new RecordRefusedException($"--out {request.OutDir} exists and is not empty; give a new directory");
        if (runner.Resolve("xl") is null) throw new RecordRefusedException($"'xl' is not on the search path ({runner.SearchPath}); hw record runs in dom0");
        if (request.Xentrace && runner.Resolve("xentrace") is null) throw new RecordRefusedException("--xentrace: 'xentrace' is not on the search path (Debian: xen-utils-<version>)");
        if (request.Nice != 0 && runner.Resolve("nice") is null) throw new RecordRefusedException("--nice: 'nice' is not on the search path");
        if (request.Fifo && runner.Resolve("chrt") is null) throw new RecordRefusedException("--policy SCHED_FIFO: 'chrt' is not on the search path (util-linux)");

        _parameters = Parameters();
        _xl = new XlClient(runner, request.OpTimeout);
        if (request.Mechanism == "resident")
        {
            _xc = openXc();
            var names = _xl.List(cancel).ToDictionary(d => d.Id, d => d.Name ?? d.Id.ToString(CultureInfo.InvariantCulture));
            _ops = new ResidentOperations(_xc, names, counter);
        }
        else
        {
            _ops = new XlOperations(_xl, counter, request.Nice, request.Fifo, request.FifoPriority);
        }

        _recorder = new Recorder(_ops, o, log);
        var plan = new StringBuilder(_recorder.Plan(cancel));
        _parameters = Observed(_parameters, _recorder);
        var timed = request.Mechanism == "xl"
            ? string.Join(' ', XlClient.OperationCommand(o.Op == MeasurementOp.Unpause ? "unpause" : "pause", o.Domain, request.Nice, request.Fifo, request.FifoPriority))
            : "xc_domain_pause/unpause (libxenctrl, in this process)";
        plan.AppendLine().Append($"  timed call: {timed}; dom0 stamps from {counter.Name}");
        if (request.Xentrace) plan.AppendLine().Append($"  xentrace -D -e {XentraceSession.EventMask} -S 256 runs around the runs");
        if (request.ApplyLoads && _parameters.Dom0CpuLoadProcs > 0) plan.AppendLine().Append($"  {_parameters.Dom0CpuLoadProcs} CPU hog(s) run in dom0 during the runs");
        if (LoadsLeftToYou(_parameters) is { Count: > 0 } yours)
            plan.AppendLine().Append($"  recorded as set, not started here (yours to apply): {string.Join("; ", yours)}");
        plan.AppendLine().Append($"  the measurement set goes to {request.OutDir}");
        return plan.ToString();
    }

    /// <summary>
    /// What the host shows about the scenario (xl list): dom0's vCPUs, the domU's vCPUs and memory,
    /// how many domUs run besides a switch's standby. Facts win over --set, with a warning.
    /// </summary>
    private ScenarioParameters Observed(ScenarioParameters p, Recorder r)
    {
        var where = Models.Errors.SourceLocation.Of("xl list");
        var facts = new List<(string Key, string Value)>();
        if (r.Found.FirstOrDefault(d => d.Id == 0) is { OnlineVcpus: > 0 } dom0) facts.Add(("dom0.vcpus", dom0.OnlineVcpus.ToString(CultureInfo.InvariantCulture)));
        if (r.Active is { OnlineVcpus: >= 1 and <= 4 } a) facts.Add(("domU.vcpus", a.OnlineVcpus.ToString(CultureInfo.InvariantCulture)));
        if (r.Active is { MemoryMb: >= 64 and <= 3072 } am) facts.Add(("domU.memory_mb", am.MemoryMb!.Value.ToString(CultureInfo.InvariantCulture)));
        var others = r.Found.Count(d => d.Id != 0 && d.Id != r.StandbyDomain?.Id && !d.Paused && !d.Dying && !d.Shutdown);
        if (request.Options.Op == MeasurementOp.Unpause && r.Active is { Paused: true }) others++; // the domU being timed counts, paused or not
        if (others is >= 1 and <= 4) facts.Add(("xen.domUs", others.ToString(CultureInfo.InvariantCulture)));
        foreach (var (key, value) in facts)
        {
            var fact = ParameterParser.Parse(key, value, where);
            if (request.Sets.FirstOrDefault(s => s.Key == key) is { } given && given.Text != fact.Text)
                log($"warning: --set {key}={given.Text} but xl list shows {fact.Text}; the set records {fact.Text}");
            try { p = fact.ApplyTo(p); }
            catch (Models.Errors.InputError) { }
        }

        return p;
    }

    private ScenarioParameters Parameters()
    {
        var p = ScenarioParameters.Defaults.With(request.Sets);
        var where = Models.Errors.SourceLocation.Of("hw record");
        var mine = new List<ParameterAssignment>
        {
            ParameterParser.Parse("xl.nice", request.Nice.ToString(CultureInfo.InvariantCulture), where),
            ParameterParser.Parse("xl.policy", request.Fifo ? "SCHED_FIFO" : "SCHED_OTHER", where),
            ParameterParser.Parse("switch.mechanism", request.Mechanism, where),
            ParameterParser.Parse("measure.sample_interval_us", request.SampleIntervalUs.ToString("R", CultureInfo.InvariantCulture), where),
        };
        foreach (var m in mine)
        {
            if (request.Sets.Any(s => s.Key == m.Key && s.Text != m.Text))
                throw new RecordRefusedException($"--set {m.Key} contradicts the option that sets it ({m.Text})");
        }

        p = p.With(mine);
        // --apply-loads starts only the dom0 CPU hogs; the other loads need a peer or the domU, so they
        // are the user's to apply (a testbed runs iperf3 itself) and the plan says they were not started here.
        return p;
    }

    /// <summary>The loads in the parameters that --apply-loads does not start, as "key=value (how)".</summary>
    private static List<string> LoadsLeftToYou(ScenarioParameters p)
    {
        var yours = new List<string>();
        if (p.Dom0NetLoadMbps > 0) yours.Add($"dom0.net_load_mbps={p.Dom0NetLoadMbps.ToString(CultureInfo.InvariantCulture)} (a peer sending to dom0, e.g. iperf3 -c from another machine)");
        if (p.DomUCpuLoadProcs > 0) yours.Add($"domU.cpu_load_procs={p.DomUCpuLoadProcs.ToString(CultureInfo.InvariantCulture)} (stress inside the domU)");
        if (p.DomUNetLoadMbps > 0) yours.Add($"domU.net_load_mbps={p.DomUNetLoadMbps.ToString(CultureInfo.InvariantCulture)} (iperf3 to the domU)");
        return yours;
    }

    /// <summary>Records. Returns the exit code: 0 done, 1 aborted or not fully restored (the set holds what was recorded).</summary>
    public int Execute(CancellationToken cancel)
    {
        if (_recorder is null || _xl is null || _parameters is null) throw new InvalidOperationException("Prepare() first");
        var o = request.Options;
        var raw = Path.Combine(request.OutDir, MeasurementSetReader.RawDir);
        Directory.CreateDirectory(raw);
        var info = _xl.Info(cancel);
        var arm64 = (info.Machine ?? RuntimeInformation.ProcessArchitecture.ToString()).Contains("aarch64", StringComparison.OrdinalIgnoreCase)
                    || RuntimeInformation.ProcessArchitecture == Architecture.Arm64;
        double? hz = request.CounterHz;
        if (hz is null && counter.Hz > 0) hz = counter.Hz;
        if (hz is null && !arm64) hz = info.TscHz;
        if (hz is null) throw new RecordRefusedException("the counter's frequency is unknown: give --counter-hz (x86: the TSC rate Xen prints as 'Detected N MHz processor' in xl dmesg)");

        XentraceSession? trace = null;
        LoadGenerator? loads = null;
        var tracePath = Path.Combine(raw, "xentrace.bin");
        RecordOutcome outcome;
        try
        {
            outcome = _recorder.Run(cancel,
                beforeFirstRun: () =>
                {
                    if (request.ApplyLoads && _parameters.Dom0CpuLoadProcs > 0)
                    {
                        loads = new LoadGenerator(runner, _parameters.Dom0CpuLoadProcs, TimeSpan.FromSeconds(2));
                        log($"loads: {loads.Description}");
                    }

                    if (request.Xentrace) trace = new XentraceSession(runner, tracePath, TimeSpan.FromMilliseconds(500));
                },
                afterLastRun: () =>
                {
                    Thread.Sleep(o.Hold); // let the last records (a blocked vCPU's offline record waits for its next timer) reach the buffer
                    trace?.Stop();
                    loads?.Dispose();
                });
        }
        finally
        {
            trace?.Dispose();
            loads?.Dispose();
            _xc?.Dispose();
        }

        foreach (var p in outcome.Problems) log($"NOT RESTORED: {p}");
        WriteOpsCsv(Path.Combine(raw, "dom0-ops.csv"), outcome.Runs);

        // Sampler logs.
        var samplers = new Dictionary<uint, SamplerLog>();
        var ids = new Dictionary<string, uint> { [_recorder.Active!.Name!] = _recorder.Active.Id };
        if (_recorder.StandbyDomain is { } sb) ids[sb.Name!] = sb.Id;
        foreach (var (name, id) in ids)
        {
            var dest = Path.Combine(raw, $"sampler-{name}.bin");
            try
            {
                if (request.SamplerLogs.TryGetValue(name, out var path)) File.Copy(path, dest, overwrite: true);
                else if (request.SamplerFetch.TryGetValue(name, out var cmd))
                {
                    var r = runner.Run(["sh", "-c", $"{cmd} > '{dest.Replace("'", "'\\''", StringComparison.Ordinal)}'"], TimeSpan.FromMinutes(2), cancel);
                    if (r.ExitCode != 0) throw new IOException($"'{cmd}' failed (exit {r.ExitCode}): {r.Stderr.Trim()}");
                }
                else
                {
                    log($"no sampler log for '{name}' (--sampler-log/--sampler-fetch): its domU columns stay empty");
                    continue;
                }

                samplers[id] = SamplerLog.Read(dest);
                log($"sampler log of '{name}': {samplers[id]}");
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                log($"warning: sampler log of '{name}': {e.Message}");
            }
        }

        IReadOnlyList<TraceRecord>? records = null;
        if (request.Xentrace && File.Exists(tracePath))
        {
            try { records = XentraceReader.ReadFile(tracePath).Records; }
            catch (TraceFormatException e) { log($"warning: {tracePath}: {e.Message}; Xen-side columns stay empty"); }
        }

        var interval = (ulong)(request.SampleIntervalUs * hz.Value / 1e6);
        var holdTicks = (ulong)(o.Hold.TotalSeconds * hz.Value);
        var collated = Collation.Collate(new CollationInput
        {
            Runs = outcome.Runs,
            ActiveId = _recorder.Active.Id,
            StandbyId = _recorder.StandbyDomain?.Id,
            Arm64 = arm64,
            NativeCounter = counter is not StopwatchCounter,
            Trace = records,
            Samplers = samplers,
            Dom0Offset = request.Dom0OffsetTicks,
            DomUOffsets = request.DomUOffsetTicks.Where(kv => ids.ContainsKey(kv.Key)).ToDictionary(kv => ids[kv.Key], kv => kv.Value),
            GapTicks = (interval + holdTicks) / 2,
            ProbeVcpu = request.ProbeVcpu,
        });
        foreach (var w in collated.Warnings) log($"warning: {w}");
        collated.Alignment["dom0_counter"] = counter.Name;

        var meta = new MeasurementMeta
        {
            Name = Path.GetFileName(Path.GetFullPath(request.OutDir).TrimEnd(Path.DirectorySeparatorChar)),
            Source = MeasurementMeta.SourceHwRecord,
            Host = Environment.MachineName,
            XenVersion = info.XenVersion ?? "unknown",
            Scheduler = info.Scheduler ?? _parameters.XenScheduler.ToKeyword(),
            Pcpus = info.Pcpus ?? Environment.ProcessorCount,
            Arch = arm64 ? "arm64" : "x86_64",
            CounterHz = hz.Value,
            Mechanism = request.Mechanism,
            ToolVersion = request.ToolVersion,
            Date = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Assignments = SchedulerChecked(_parameters, info.Scheduler).ToDictionary()
                .Select(kv => ParameterParser.Parse(kv.Key, kv.Value, Models.Errors.SourceLocation.Of("hw record"))).ToList(),
            Domain = _recorder.Active.Name,
            Standby = _recorder.StandbyDomain?.Name,
            Alignment = collated.Alignment,
            Notes = outcome.Aborted is { } a ? $"aborted after {outcome.Runs.Count} run(s): {a}"
                : outcome.Cancelled ? $"cancelled after {outcome.Runs.Count} run(s)" : null,
        };
        if (collated.Rows.Count > 0) MeasurementSetWriter.Write(request.OutDir, meta, collated.Rows);
        else MeasurementSetWriter.WriteMeta(request.OutDir, meta);
        log($"wrote {collated.Rows.Count} run(s) to {request.OutDir}");

        if (outcome.Aborted is { } why) log($"error: recording stopped: {why}");
        if (outcome.Cancelled) log("cancelled: the domains were put back");
        return outcome.Problems.Count > 0 || outcome.Aborted is not null || outcome.Cancelled ? 1 : 0;
    }

    private ScenarioParameters SchedulerChecked(ScenarioParameters p, string? scheduler)
    {
        if (scheduler is null || !Keywords.XenScheduler.TryParse(scheduler, out var s)) return p;
        if (request.Sets.Any(a => a.Key == "xen.scheduler") && s != p.XenScheduler)
            log($"warning: --set xen.scheduler={p.XenScheduler.ToKeyword()} but xl info says {scheduler}; the set records {scheduler}");
        return p with { XenScheduler = s };
    }

    private static void WriteOpsCsv(string path, IReadOnlyList<RawRun> runs)
    {
        var sb = new StringBuilder("run,op,call,before,after,ok,uncertain,error\n");
        foreach (var r in runs)
        {
            Row(r, "first", r.First);
            if (r.Second is { } s) Row(r, "second", s);
        }

        File.WriteAllText(path, sb.ToString());

        void Row(RawRun r, string call, OpResult x) =>
            sb.Append(CultureInfo.InvariantCulture, $"{r.Run},{r.Op.Name()},{call},{x.Before},{x.After},{(x.Ok ? 1 : 0)},{(x.Uncertain ? 1 : 0)},\"{x.Error?.Replace("\"", "'", StringComparison.Ordinal)}\"\n");
    }
}
