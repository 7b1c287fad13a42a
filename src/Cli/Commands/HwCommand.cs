using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Hardware.Counters;
using XenSwitchSim.Hardware.Recording;
using XenSwitchSim.Hardware.Xen;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Cli.Commands;

/// <summary><c>hw record</c> and <c>hw hypercall</c>: the harness that runs in dom0 of a real Xen host.</summary>
public static class HwCommand
{
    /// <summary>Tests replace the libxenctrl binding (the real one needs a Xen host).</summary>
    public static Func<IXenControl> OpenXenControl { get; set; } = () => LibXenCtrl.Open();

    /// <summary>Tests replace the counter (null = the hardware counter).</summary>
    public static Func<double?, ICounter>? CounterFactory { get; set; }

    public static Command Create()
    {
        var cmd = new Command("hw", "Measure on a real Xen host (run in dom0, as root): record pause/unpause/switch timings, time the version hypercall.");
        cmd.Subcommands.Add(Record());
        cmd.Subcommands.Add(Hypercall());
        return cmd;
    }

    private static Option<string?> ToolsPath() => new("--tools-path")
    {
        Description = "Directories searched first for xl, xentrace, nice and chrt (colon-separated; then PATH), e.g. /usr/lib/xen-4.17/bin.",
    };

    private static Option<string?> CounterHz() => new("--counter-hz")
    {
        Description = "Frequency of the counter (default: CNTFRQ_EL0 on Arm; on x86 the TSC rate from 'xl dmesg').",
    };

    private static ICounter MakeCounter(double? hz, TextWriter err)
    {
        if (CounterFactory is { } f) return f(hz);
        try
        {
            if (NativeCounter.TryCreate(hz) is { } c) return c;
        }
        catch (InvalidOperationException e)
        {
            err.WriteLine($"xenswitchsim: warning: {e.Message}");
        }

        err.WriteLine("xenswitchsim: warning: no hardware counter stub for this machine; dom0 stamps use CLOCK_MONOTONIC and cannot be aligned with Xen's trace");
        return new StopwatchCounter();
    }

    private static Command Record()
    {
        var domain = new Option<string>("--domain") { Description = "The domU to time (name or id; never dom0).", Required = true };
        var op = new Option<string>("--op") { Description = "pause | unpause | switch.", Required = true };
        op.AcceptOnlyFromAmong("pause", "unpause", "switch");
        var standby = new Option<string?>("--standby") { Description = "--op switch: the paused standby domain to unpause." };
        var runs = new Option<int>("--runs") { Description = "Timed operations.", Required = true };
        var mechanism = new Option<string>("--mechanism") { Description = "xl (spawn xl, as the study) | resident (libxenctrl calls from this process).", DefaultValueFactory = _ => "xl" };
        mechanism.AcceptOnlyFromAmong("xl", "resident");
        var nice = new Option<int>("--nice") { Description = "Launch xl under nice -n N (-20..19).", DefaultValueFactory = _ => 0 };
        var policy = new Option<string>("--policy") { Description = "SCHED_OTHER | SCHED_FIFO (xl under chrt -f).", DefaultValueFactory = _ => "SCHED_OTHER" };
        policy.AcceptOnlyFromAmong("SCHED_OTHER", "SCHED_FIFO");
        var fifoPriority = new Option<int>("--fifo-priority") { Description = "chrt -f priority for SCHED_FIFO (1..99).", DefaultValueFactory = _ => 50 };
        var xentrace = new Option<bool>("--xentrace") { Description = "Run xentrace -D -e 0x0002f000 around the runs (Xen-side probes; also aligns the counters)." };
        var interval = new Option<string>("--sample-interval-us") { Description = "The domU sampler's period, as it was started (recorded as measure.sample_interval_us).", DefaultValueFactory = _ => "4000" };
        var set = new Option<string[]>("--set") { Description = "Record a scenario parameter of this run, KEY=VALUE (repeatable), e.g. the loads applied.", AllowMultipleArgumentsPerToken = false };
        var applyLoads = new Option<bool>("--apply-loads") { Description = "Start dom0.cpu_load_procs CPU hogs in dom0 for the runs (other loads are yours to apply)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "New directory for the measurement set.", Required = true };
        var yes = new Option<bool>("--yes") { Description = "Go ahead: without it the plan is printed and nothing is touched." };
        var samplerLog = new Option<string[]>("--sampler-log") { Description = "NAME=PATH: a domain's sampler log, readable from dom0 after the runs (repeatable)." };
        var samplerFetch = new Option<string[]>("--sampler-fetch") { Description = "NAME=COMMAND: a shell command printing a domain's sampler log, e.g. 'ssh root@domu1 cat /var/tmp/xss.log' (repeatable)." };
        var dom0Offset = new Option<long?>("--dom0-offset-ticks") { Description = "Arm: dom0's CNTVOFF (physical - virtual counter), if known; else bracketed from the trace." };
        var domuOffset = new Option<string[]>("--domu-offset-ticks") { Description = "NAME=TICKS: a domU's CNTVOFF, if known (repeatable)." };
        var probeVcpu = new Option<int>("--probe-vcpu") { Description = "The vCPU whose runstate records give vcpu_offline/vcpu_running: the sampler's (default 0, as the simulator's probe); -1 = any vCPU (latest offline, first running).", DefaultValueFactory = _ => 0 };
        var hold = new Option<int>("--hold-ms") { Description = "How long each pause (or resumed run) lasts before the domain is put back.", DefaultValueFactory = _ => 60 };
        var gap = new Option<int>("--gap-ms") { Description = "Idle time between runs (plus up to 20 ms at random).", DefaultValueFactory = _ => 100 };
        var timeout = new Option<int>("--op-timeout-s") { Description = "An xl call still running after this is killed and the recording stops (the domains are put back).", DefaultValueFactory = _ => 10 };
        var hz = CounterHz();
        var tools = ToolsPath();
        var cmd = new Command("record", "Time pause, unpause or switch of a domU the way the study did, write a measurement set. Asks for --yes before touching a domain.")
        {
            domain, op, standby, runs, mechanism, nice, policy, fifoPriority, xentrace, interval, set, applyLoads, output, yes,
            samplerLog, samplerFetch, dom0Offset, domuOffset, probeVcpu, hold, gap, timeout, hz, tools,
        };
        cmd.SetAction(pr =>
        {
            var err = CommandIo.Err(pr);
            var o = CommandIo.Out(pr);
            if (pr.GetValue(runs) < 1) return CommandIo.BadInput(pr, "--runs must be at least 1");
            if (pr.GetValue(nice) is < -20 or > 19) return CommandIo.BadInput(pr, "--nice must be in -20..19");
            if (pr.GetValue(fifoPriority) is < 1 or > 99) return CommandIo.BadInput(pr, "--fifo-priority must be in 1..99");
            var intervalUs = QuantityParserShim(pr.GetValue(interval)!);
            MeasurementOps.TryParse(pr.GetValue(op)!, out var opKind);
            var request = new RecordRequest
            {
                Options = new RecordOptions
                {
                    Domain = pr.GetValue(domain)!,
                    Op = opKind,
                    Standby = pr.GetValue(standby),
                    Runs = pr.GetValue(runs),
                    Hold = TimeSpan.FromMilliseconds(Math.Max(pr.GetValue(hold), 4 * intervalUs / 1000)),
                    Gap = TimeSpan.FromMilliseconds(pr.GetValue(gap)),
                },
                Mechanism = pr.GetValue(mechanism)!,
                Nice = pr.GetValue(nice),
                Fifo = pr.GetValue(policy) == "SCHED_FIFO",
                FifoPriority = pr.GetValue(fifoPriority),
                Xentrace = pr.GetValue(xentrace),
                SampleIntervalUs = intervalUs,
                Sets = (pr.GetValue(set) ?? []).Select(SetArgument.Parse).ToList(),
                ApplyLoads = pr.GetValue(applyLoads),
                OutDir = pr.GetValue(output)!.FullName,
                OpTimeout = TimeSpan.FromSeconds(Math.Max(1, pr.GetValue(timeout))),
                CounterHz = pr.GetValue(hz) is { } h ? CommandIo.ParseHz(h, "--counter-hz") : null,
                Dom0OffsetTicks = pr.GetValue(dom0Offset),
                DomUOffsetTicks = Pairs(pr.GetValue(domuOffset), "--domu-offset-ticks").ToDictionary(kv => kv.Key, kv => long.Parse(kv.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                SamplerLogs = Pairs(pr.GetValue(samplerLog), "--sampler-log"),
                SamplerFetch = Pairs(pr.GetValue(samplerFetch), "--sampler-fetch"),
                ToolVersion = CommandIo.Version,
                ProbeVcpu = pr.GetValue(probeVcpu) is var pv && pv >= 0 ? pv : null,
            };
            var runner = new ProcessRunner(SearchPath(pr.GetValue(tools)));
            var counter = MakeCounter(request.CounterHz, err);
            var session = new RecordSession(request, runner, OpenXenControl, counter, m => err.WriteLine($"hw record: {m}"));
            string plan;
            try
            {
                plan = session.Prepare();
            }
            catch (RecordRefusedException e)
            {
                return CommandIo.BadInput(pr, e.Message);
            }

            err.WriteLine(plan);
            if (!pr.GetValue(yes))
            {
                err.WriteLine("nothing done: add --yes to go ahead.");
                return ExitCodes.BadInput;
            }

            using var cts = new CancellationTokenSource();
            using var sigint = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
            using var sigterm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
            try
            {
                var code = session.Execute(cts.Token);
                if (code == 0) o.WriteLine(request.OutDir);
                return code;
            }
            catch (RecordRefusedException e)
            {
                return CommandIo.BadInput(pr, e.Message);
            }
        });
        return cmd;
    }

    private static double QuantityParserShim(string text)
    {
        var us = Models.Units.QuantityParser.ParseDurationUs(text, SourceLocation.Of("--sample-interval-us"), "--sample-interval-us");
        if (us is < 100 or > 100_000) throw new InputError(SourceLocation.Of("--sample-interval-us"), $"{us} us is outside 100..100000 us");
        return us;
    }

    private static string SearchPath(string? tools)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        return string.IsNullOrEmpty(tools) ? path : tools + ":" + path;
    }

    private static Dictionary<string, string> Pairs(string[]? items, string option)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in items ?? [])
        {
            var i = s.IndexOf('=');
            if (i <= 0) throw new InputError(SourceLocation.Of(option), $"'{s}' is not NAME=VALUE");
            d[s[..i]] = s[(i + 1)..];
        }

        return d;
    }

    private static Command Hypercall()
    {
        var runs = new Option<int>("--runs") { Description = "Calls to time.", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object and nothing else." };
        var csv = new Option<FileInfo?>("--out") { Description = "Also write each call's time (us) to this CSV." };
        var hz = CounterHz();
        var tools = ToolsPath();
        var cmd = new Command("hypercall", "Time the version hypercall through libxenctrl, like the study's Figure 4 (the bare ioctl + HVC round trip).") { runs, json, csv, hz, tools };
        cmd.SetAction(pr =>
        {
            var n = pr.GetValue(runs);
            if (n < 1) return CommandIo.BadInput(pr, "--runs must be at least 1");
            var err = CommandIo.Err(pr);
            double? given = pr.GetValue(hz) is { } h ? CommandIo.ParseHz(h, "--counter-hz") : null;
            var counter = MakeCounter(given, err);
            if (!(counter.Hz > 0))
            {
                var info = new XlClient(new ProcessRunner(SearchPath(pr.GetValue(tools))), TimeSpan.FromSeconds(10)).Info();
                if (info.TscHz is { } tsc) counter = MakeCounter(tsc, err);
                else return CommandIo.BadInput(pr, "the counter's frequency is unknown: give --counter-hz");
            }

            double[] us;
            using (var xc = OpenXenControl())
            {
                us = HypercallBench.Run(xc, counter, n);
            }

            if (pr.GetValue(csv) is { } f) AtomicFile.Write(f.FullName, w =>
            {
                w.WriteLine("call,us");
                for (var i = 0; i < us.Length; i++) w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},{us[i]:F3}"));
            });
            var stats = SummaryStats.Compute(us);
            var decades = HypercallBench.Decades(us);
            var o = CommandIo.Out(pr);
            if (pr.GetValue(json))
            {
                JsonOutput.Write(o, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("call", "xc_version(XENVER_version)");
                    w.WriteString("counter", counter.Name);
                    w.WriteNumber("counter_hz", counter.Hz);
                    w.WritePropertyName("stats");
                    StatisticsJson.Write(w, stats);
                    w.WriteStartObject("share_by_decade");
                    foreach (var (d, s) in decades) w.Number(d, s, 6);
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
            }
            else
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"xc_version(XENVER_version) x{n} on {counter.Name} at {counter.Hz:G6} Hz: mean {stats.MeanUs:F2} us, p50 {stats.P50Us:F2}, p99 {stats.P99Us:F2}, max {stats.MaxUs:F2}"));
                foreach (var (d, s) in decades) o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {d,-8} decade: {s * 100:F1}%"));
            }

            return ExitCodes.Success;
        });
        return cmd;
    }
}
