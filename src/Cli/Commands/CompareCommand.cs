using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Experiments;

namespace XenSwitchSim.Cli.Commands;

/// <summary>
/// <c>compare</c>: two scenarios with common random numbers (same seed, same streams source by source), each reported
/// as simulate reports it, and a - b in mean, p99 and miss probability with paired intervals.
/// </summary>
public static class CompareCommand
{
    public const string DefaultDeadline = "50ms";

    public static Command Create()
    {
        var common = new CommonOptions();
        var a = new Option<FileInfo?>("--a") { Description = "Scenario file of side a (default: --scenario)." };
        var aSet = new Option<string[]>("--a-set") { Description = "KEY=VALUE for side a only (repeatable), on top of --scenario/--a and --set." };
        var b = new Option<FileInfo?>("--b") { Description = "Scenario file of side b (default: --scenario)." };
        var bSet = new Option<string[]>("--b-set") { Description = "KEY=VALUE for side b only (repeatable)." };
        var deadline = TailOutput.DeadlineOption($"Deadline for the miss-probability difference (default {DefaultDeadline}).");
        var metric = new Option<string>("--metric") { Description = "Metric the differences are about: switch (default), pause or unpause.", DefaultValueFactory = _ => "switch" };
        var view = new Option<string>("--view") { Description = "true (default) or observed.", DefaultValueFactory = _ => "true" };
        var cmd = new Command("compare", "Two scenarios with common random numbers: each one's statistics and a - b in mean, p99 and miss probability with paired 95% intervals.");
        var reports = new ReportOptions();
        common.AddTo(cmd);
        foreach (var o in new Option[] { a, aSet, b, bSet, deadline, metric, view }) cmd.Options.Add(o);
        reports.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            if (!MetricChoice.TryParse(pr.GetValue(metric)!, pr.GetValue(view)!, out var choice, out var why))
                throw new InputError(SourceLocation.Of("--metric/--view"), why);
            var d = TailOutput.Duration(pr, deadline) ?? QuantityParserDefault();
            var model = EmbeddedModels.Load(pr.GetValue(common.Model));
            var baseFile = pr.GetValue(common.Scenario);
            var sets = pr.GetValue(common.Set) ?? [];
            var (sa, defA) = Side(model, pr.GetValue(a) ?? baseFile, sets.Concat(pr.GetValue(aSet) ?? []));
            var (sb, defB) = Side(model, pr.GetValue(b) ?? baseFile, sets.Concat(pr.GetValue(bSet) ?? []));
            var runs = pr.GetValue(common.Runs) ?? defA?.Runs ?? CommonOptions.DefaultRuns;
            var seed = pr.GetValue(common.Seed) ?? defA?.Seed ?? CommonOptions.DefaultSeed;
            var threads = pr.GetValue(common.Threads);
            bool json = pr.GetValue(common.Json), quiet = pr.GetValue(common.Quiet);
            var err = TailOutput.Err(pr);
            foreach (var (name, s) in new[] { ("a", sa), ("b", sb) })
                if (choice.Infeasible(s) is { } inf)
                {
                    err.WriteLine($"xenswitchsim: infeasible: side {name}: {inf}");
                    return ExitCodes.BadInput;
                }
            var request = reports.Prepare(pr);
            var ra = ProgressReporter.Run("side a", runs, quiet || json, p => sa.Run(runs, seed, threads, p));
            var rb = ProgressReporter.Run("side b", runs, quiet || json, p => sb.Run(runs, seed, threads, p));
            var ta = choice.Times(ra, out var incA);
            var tb = choice.Times(rb, out var incB);
            var diff = PairedDifference.Compare(ta, tb, d);
            var opsA = OperationStats.From(ra, null, sa.SwitchInfeasible);
            var opsB = OperationStats.From(rb, null, sb.SwitchInfeasible);
            var o = TailOutput.Out(pr);
            void WriteReport()
            {
                if (!request.Wanted) return;
                var doc = Reports.CompareReport.Build(
                    new Reports.CompareSide("a", sa, ra, ta, Changed(sa.Parameters, sb.Parameters)),
                    new Reports.CompareSide("b", sb, rb, tb, Changed(sb.Parameters, sa.Parameters)), choice, d, diff, seed, runs, request.CommandLine);
                request.Write(doc, quiet ? null : err);
            }
            if (json)
            {
                JsonOutput.Write(o, w =>
                {
                    w.WriteStartObject();
                    w.WriteStartObject("a");
                    SimulateOutput.WriteHeader(w, sa, seed, runs);
                    SimulateOutput.WriteOperations(w, opsA);
                    w.WriteEndObject();
                    w.WriteStartObject("b");
                    SimulateOutput.WriteHeader(w, sb, seed, runs);
                    SimulateOutput.WriteOperations(w, opsB);
                    w.WriteEndObject();
                    w.WritePropertyName("difference");
                    StatisticsJson.Write(w, diff);
                    w.WriteString("metric", choice.MetricName);
                    w.WriteString("view", choice.ViewName);
                    w.WriteNumber("deadline_us", d);
                    w.WriteNumber("incomplete_a", incA);
                    w.WriteNumber("incomplete_b", incB);
                    w.WriteEndObject();
                });
                WriteReport();
                return ExitCodes.Success;
            }
            var c = TailOutput.Console(o);
            DeadlineCommand.Say(c, $"model {model.Name} (sha256 {model.Sha256[..12]}...)  seed {seed}  runs {runs}  common random numbers; metric {choice}");
            DeadlineCommand.Say(c, "a: " + Changed(sa.Parameters, sb.Parameters));
            DeadlineCommand.Say(c, "b: " + Changed(sb.Parameters, sa.Parameters));
            var sA = SummaryStats.Compute(ta);
            var sB = SummaryStats.Compute(tb);
            var t = new Table().Border(Terminal.Border(c)).Title($"{choice}: a, b and a - b with paired 95% intervals (ms; miss probability at {TailOutput.Ms(d)} ms)");
            foreach (var col in new[] { "figure", "a", "b", "a - b", "lower", "upper", "method" })
                t.AddColumn(new TableColumn(col) { Alignment = col is "figure" or "method" ? Justify.Left : Justify.Right });
            var ka = ta.Count(x => x > d);
            var kb = tb.Count(x => x > d);
            t.AddRow("mean", TailOutput.Ms(sA.MeanUs), TailOutput.Ms(sB.MeanUs), TailOutput.Ms(diff.MeanUs.Estimate), TailOutput.Ms(diff.MeanUs.Lower), TailOutput.Ms(diff.MeanUs.Upper), "paired t");
            t.AddRow("p99", TailOutput.Ms(sA.P99Us), TailOutput.Ms(sB.P99Us), TailOutput.Ms(diff.P99Us.Estimate), TailOutput.Ms(diff.P99Us.Lower), TailOutput.Ms(diff.P99Us.Upper), "paired bootstrap");
            var m = diff.MissProb!;
            t.AddRow("miss probability", TailOutput.P((double)ka / runs), TailOutput.P((double)kb / runs), TailOutput.P(m.Estimate), TailOutput.P(m.Lower), TailOutput.P(m.Upper), "Newcombe paired");
            c.Write(t);
            if (incA + incB > 0) DeadlineCommand.Say(c, $"runs that did not complete within the cap (counted at the cap): a {incA}, b {incB}");
            WriteReport();
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static double QuantityParserDefault() => Models.Units.QuantityParser.ParseDurationUs(DefaultDeadline, SourceLocation.Of("--deadline"), "--deadline");

    private static (ResolvedScenario, ScenarioDefinition?) Side(ModelDefinition model, FileInfo? file, IEnumerable<string> sets)
    {
        var def = file is null ? null : ScenarioFile.Load(file.FullName);
        var resolved = ScenarioResolver.Resolve(model, def, sets.Select(SetArgument.Parse).ToList());
        return (ResolvedScenario.From(model, resolved.Parameters), def);
    }

    private static string Changed(ScenarioParameters x, ScenarioParameters other)
    {
        var ox = other.ToDictionary();
        var diffs = x.ToDictionary().Where(kv => ox[kv.Key] != kv.Value).Select(kv => $"{kv.Key}={kv.Value}").ToList();
        return diffs.Count == 0 ? "(same parameters as the other side)" : string.Join(" ", diffs);
    }
}
