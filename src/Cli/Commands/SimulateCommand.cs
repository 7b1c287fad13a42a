using System.CommandLine;
using Spectre.Console;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Measurement;

namespace XenSwitchSim.Cli.Commands;

/// <summary><c>simulate</c>: replications of one scenario, observed and true times in the study's form.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var samples = new Option<FileInfo?>("--samples-csv") { Description = "Write one row per replication (times and phases, us) for `tail` and other tools." };
        var traceRun = new Option<int?>("--trace-run") { Description = "Print the timeline of replication K (CPUs, tasks, vCPU states, domctls) to explain a slow switch." };
        var emit = new Option<DirectoryInfo?>("--emit-measurements") { Description = "Also write the replications as a measurement set (meta.yaml, runs.csv of probe ticks at the model's counter_hz, raw/), the format hw record writes." };
        var cmd = new Command("simulate", "Simulate pause, unpause and switch for a scenario; print the study's statistics, observed and true.");
        common.AddTo(cmd);
        cmd.Options.Add(samples);
        cmd.Options.Add(traceRun);
        cmd.Options.Add(emit);
        cmd.SetAction(pr =>
        {
            var stdout = pr.InvocationConfiguration.Output;
            var stderr = pr.InvocationConfiguration.Error;
            var input = common.Resolve(pr);
            var s = input.Scenario;
            if (s.Infeasible is { } why)
            {
                stderr.WriteLine($"xenswitchsim: infeasible: {why}");
                return ExitCodes.BadInput;
            }
            var k = pr.GetValue(traceRun);
            if (k is { } kk && (kk < 0 || kk >= input.Runs))
            {
                stderr.WriteLine($"xenswitchsim: --trace-run {kk} is outside 0..{input.Runs - 1}");
                return ExitCodes.BadInput;
            }
            var emitDir = pr.GetValue(emit);
            var captured = emitDir is null ? null : ProgressReporter.Run("replications", input.Runs, input.Quiet || input.Json,
                progress => Calibration.Measurements.ProbeCapture.Run(s, input.Runs, input.Seed, input.Threads, progress));
            var results = captured?.Select(c => c.Times).ToArray() ?? ProgressReporter.Run("replications", input.Runs, input.Quiet || input.Json,
                progress => s.Run(input.Runs, input.Seed, input.Threads, progress));
            if (emitDir is not null) Calibration.Measurements.SyntheticMeasurements.Write(emitDir.FullName, s, captured!, input.Seed, CommandIo.Version);
            var ops = OperationStats.From(results, null, s.SwitchInfeasible);
            if (pr.GetValue(samples) is { } csv) AtomicFile.Write(csv.FullName, w => SimulateOutput.WriteSamplesCsv(w, results));
            if (input.Json) SimulateOutput.WriteJson(stdout, s, input.Seed, input.Runs, ops);
            else SimulateOutput.WriteTables(Terminal.For(stdout), s, input.Seed, input.Runs, ops);
            if (k is { } rep) PrintTrace(s, input.Seed, rep, input.Json ? stderr : stdout);
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static void PrintTrace(ResolvedScenario s, ulong seed, int rep, TextWriter o)
    {
        var recorders = new List<(TimelineRecorder R, Simulator.Platform.Board B)>();
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
        o.WriteLine($"# timeline of replication {rep} (times from each operation's dom0 decision)");
        o.WriteLine($"# pause {t.PauseTrueUs:F1} us true / {t.PauseObservedUs:F1} observed; unpause {t.UnpauseTrueUs:F1} / {t.UnpauseObservedUs:F1}; switch {t.SwitchTrueUs:F1} / {t.SwitchObservedUs:F1}");
        foreach (var (r, b) in recorders)
        {
            var probes = b.Standby is null
                ? new[] { ("pause", b.ActiveProbe.Pause), ("unpause", b.ActiveProbe.Unpause) }
                : new[] { ("switch", b.StandbyProbe!.Unpause) };
            foreach (var (name, p) in probes)
            {
                if (p.Dom0StampNs < 0) continue;
                var end = Math.Max(Math.Max(p.TrueEndNs, p.VcpuOfflineNs), Math.Max(p.DomUFirstSampleNs, p.VcpuRunningNs));
                o.WriteLine($"## {r.Board}: {name} (decision at {p.Dom0StampNs / 1e6:F3} ms of simulated time)");
                foreach (var line in r.Lines(p.Dom0StampNs - 1_000_000, end, p.Dom0StampNs)) o.WriteLine(line);
            }
        }
    }
}
