using System.CommandLine;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Cli.Reports;
using XenSwitchSim.Simulator.Measurement;

namespace XenSwitchSim.Cli.Commands;

/// <summary>simulate: replications of one scenario, observed and true times in the study's form.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var reports = new ReportOptions();
        var samples = new Option<FileInfo?>("--samples-csv") { Description = "Write one row per replication (times and phases, us) for `tail` and other tools." };
        var traceRun = new Option<int?>("--trace-run") { Description = "Print the timeline of replication K (CPUs, tasks, vCPU states, domctls) to explain a slow switch; with --report also as Gantt figures." };
        var emit = new Option<DirectoryInfo?>("--emit-measurements") { Description = "Also write the replications as a measurement set (meta.yaml, runs.csv of probe ticks at the model's counter_hz, raw/), the format hw record writes." };
        var cmd = new Command("simulate", "Simulate pause, unpause and switch for a scenario; print the study's statistics, observed and true.");
        common.AddTo(cmd);
        cmd.Options.Add(samples);
        cmd.Options.Add(traceRun);
        reports.AddTo(cmd);
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
            var csvFile = pr.GetValue(samples);
            if (csvFile is not null) AtomicFile.CheckWritable(csvFile.FullName, "--samples-csv");
            var request = reports.Prepare(pr);

            var emitDir = pr.GetValue(emit);
            var captured = emitDir is null ? null : ProgressReporter.Run("replications", input.Runs, input.Quiet || input.Json,
                progress => Calibration.Measurements.ProbeCapture.Run(s, input.Runs, input.Seed, input.Threads, progress));
            var results = captured?.Select(c => c.Times).ToArray() ?? ProgressReporter.Run("replications", input.Runs, input.Quiet || input.Json,
                progress => s.Run(input.Runs, input.Seed, input.Threads, progress));
            if (emitDir is not null) Calibration.Measurements.SyntheticMeasurements.Write(emitDir.FullName, s, captured!, input.Seed, CommandIo.Version);
            var ops = OperationStats.From(results, null, s.SwitchInfeasible);
            if (csvFile is not null) AtomicFile.Write(csvFile.FullName, w => SimulateOutput.WriteSamplesCsv(w, results));
            if (input.Json) SimulateOutput.WriteJson(stdout, s, input.Seed, input.Runs, ops);
            else SimulateOutput.WriteTables(Terminal.For(stdout, input.Quiet), s, input.Seed, input.Runs, ops);

            TracedReplication? trace = k is { } rep ? TracedReplication.Run(s, input.Seed, rep) : null;
            trace?.Print(input.Json ? stderr : stdout);

            if (request.Wanted)
            {
                string? traceWhy = null;
                if (trace is null && Slowest(results) is (int slow, string metric))
                {
                    trace = TracedReplication.Run(s, input.Seed, slow);
                    traceWhy = $"Replication {slow} is the slowest {metric} of the run (give --trace-run K for another).";
                }
                var name = pr.GetValue(common.Scenario) is { } sf ? Path.GetFileNameWithoutExtension(sf.Name) : "this scenario";
                var doc = SimulateReport.Build(s, input.Seed, input.Runs, results, ops, trace, name, request.CommandLine, traceWhy);
                request.Write(doc, input.Quiet ? null : stderr);
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>The replication with the longest true switch time (pause when the switch is infeasible).</summary>
    private static (int Replication, string Metric)? Slowest(OperationTimes[] results)
    {
        foreach (var (metric, f) in new (string, Func<OperationTimes, double>)[] { ("switch", r => r.SwitchTrueUs), ("pause", r => r.PauseTrueUs) })
        {
            var best = -1;
            for (var i = 0; i < results.Length; i++)
                if (double.IsFinite(f(results[i])) && (best < 0 || f(results[i]) > f(results[best]))) best = i;
            if (best >= 0) return (best, metric);
        }
        return null;
    }
}
