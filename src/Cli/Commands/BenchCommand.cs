using System.CommandLine;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Simulator.Benchmarks;

namespace XenSwitchSim.Cli.Commands;

/// <summary><c>bench engine</c>: the two reference models of des-performance.md, warm-up then measured.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure the simulator's speed.");
        bench.Subcommands.Add(CreateEngine());
        bench.Subcommands.Add(CreatePlatform());
        return bench;
    }

    private static Command CreateEngine()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object and nothing else." };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Measured runs of each model after the warm-up; the median run is reported.",
            DefaultValueFactory = _ => 1,
        };
        repeat.Validators.Add(r => Common.CommonOptions.AtLeast(r, 1, "--repeat must be at least 1"));
        var cmd = new Command("engine",
            "Run reference model (a) event throughput: 100 processes x 10,000 exponential timeouts, and " +
            "model (b) switch model: 4-CPU FIFO pool, 4 hogs, 100,000 xl switches. Each runs once to warm up, then is measured.")
        {
            json, repeat,
        };
        cmd.SetAction(pr =>
        {
            var n = pr.GetValue(repeat);
            EventThroughputModel.Run();
            var a = Enumerable.Range(0, n).Select(_ => EventThroughputModel.Run()).OrderBy(r => r.RunSeconds).ElementAt(n / 2);
            SwitchModel.Run();
            var b = Enumerable.Range(0, n).Select(_ => SwitchModel.Run()).OrderBy(r => r.RunSeconds).ElementAt(n / 2);
            if (pr.GetValue(json)) WriteJson(pr.InvocationConfiguration.Output, a, b);
            else WriteText(pr.InvocationConfiguration.Output, a, b);
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Command CreatePlatform()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object and nothing else." };
        var switches = new Option<int>("--switches") { Description = "Switch replications per scenario.", DefaultValueFactory = _ => 10_000 };
        var model = new Option<string?>("--model") { Description = "Model file or embedded model name (default: pi4-xen4.14)." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores).", DefaultValueFactory = _ => 0 };
        var cmd = new Command("platform",
            "Switch replications per second of the platform model: the baseline and the heaviest combination " +
            "(dom0 CPU load + dom0 network load + domU network load), after a 200-switch warm-up of each.")
        {
            json, switches, model, threads,
        };
        cmd.SetAction(pr =>
        {
            var m = Common.EmbeddedModels.Load(pr.GetValue(model));
            var resolved = Simulator.Experiments.ResolvedScenario.From(m, Models.Files.ScenarioResolver.Resolve(m, null).Parameters);
            var n = pr.GetValue(switches);
            var t = pr.GetValue(threads);
            var heavy = PlatformBenchmark.Heaviest(resolved.Settings);
            PlatformBenchmark.Run("warm-up", resolved.Platform, heavy, 200, threads: t);
            var results = new[]
            {
                PlatformBenchmark.Run("baseline", resolved.Platform, resolved.Settings, n, threads: t),
                PlatformBenchmark.Run("heaviest", resolved.Platform, heavy, n, threads: t),
            };
            if (pr.GetValue(json))
            {
                JsonOutput.Write(pr.InvocationConfiguration.Output, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("model", m.Name);
                    w.WriteNumber("threads", t > 0 ? t : Environment.ProcessorCount);
                    foreach (var r in results)
                    {
                        w.WriteStartObject(r.Name);
                        w.WriteNumber("switches", r.Switches);
                        w.Number("run_s", r.RunSeconds);
                        w.Number("switches_per_s", r.SwitchesPerSecond, 0);
                        w.Number("mean_switch_true_us", r.MeanSwitchUs, 1);
                        w.Number("alloc_bytes_per_switch", r.AllocatedBytes / (double)r.Switches, 0);
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                });
            }
            else
            {
                foreach (var r in results)
                    pr.InvocationConfiguration.Output.WriteLine($"{r.Name,-9} {r.Switches:N0} switches in {r.RunSeconds:F2} s = {r.SwitchesPerSecond:N0} switches/s (mean true switch {r.MeanSwitchUs / 1000:F2} ms)");
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static void WriteJson(TextWriter output, EventThroughputModel.Result a, SwitchModel.Result b) =>
        JsonOutput.Write(output, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("a");
            w.WriteNumber("events", a.Events);
            w.Number("run_s", a.RunSeconds);
            w.Number("events_per_s", a.EventsPerSecond, 0);
            w.Number("run_cpu_s", a.CpuSeconds);
            w.Number("events_per_cpu_s", a.Events / a.CpuSeconds, 0);
            w.Number("alloc_bytes_per_event", a.AllocatedBytesPerEvent, 4);
            w.WriteEndObject();
            w.WriteStartObject("b");
            w.WriteNumber("switches", b.Switches);
            w.Number("run_s", b.RunSeconds);
            w.Number("switches_per_s", b.SwitchesPerSecond, 0);
            w.Number("run_cpu_s", b.CpuSeconds);
            w.Number("switches_per_cpu_s", b.Switches / b.CpuSeconds, 0);
            w.Number("alloc_bytes_per_event", b.AllocatedBytesPerEvent, 4);
            w.Number("xl_mean_ms", b.XlMeanMs, 4);
            w.Number("xl_p50_ms", b.XlP50Ms, 4);
            w.Number("xl_p99_ms", b.XlP99Ms, 4);
            w.WriteNumber("events", b.Events);
            w.WriteNumber("hog_slices", b.HogSlices);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static void WriteText(TextWriter o, EventThroughputModel.Result a, SwitchModel.Result b)
    {
        o.WriteLine($"model a (event throughput): {a.Events:N0} events in {a.RunSeconds:F3} s = {a.EventsPerSecond / 1e6:F2} M events/s, {a.AllocatedBytesPerEvent:F2} B allocated/event");
        o.WriteLine($"model b (switch model):     {b.Switches:N0} switches in {b.RunSeconds:F3} s = {b.SwitchesPerSecond / 1e3:F1} k switches/s, {b.AllocatedBytesPerEvent:F2} B allocated/event");
        o.WriteLine($"  xl elapsed: mean {b.XlMeanMs:F4} ms, p50 {b.XlP50Ms:F4} ms, p99 {b.XlP99Ms:F4} ms (reference: 10.02 / 9.86 / 16.2-16.3)");
    }
}
