using System.CommandLine;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Cli.Commands;

/// <summary><c>tail</c>: the deadline command's analysis on a CSV of samples (measured or exported).</summary>
public static class TailCommand
{
    public static Command Create()
    {
        var samples = new Option<FileInfo>("--samples") { Description = "CSV of samples in us: simulate --samples-csv's file, or one number per line.", Required = true };
        var column = new Option<string?>("--column") { Description = $"Column to analyse (default: the only one, else {SamplesCsv.DefaultColumn})." };
        var deadline = TailOutput.DeadlineOption();
        var missProb = TailOutput.MissProbOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object and nothing else on stdout." };
        var rate = new Option<double?>("--failure-rate") { Description = "Failures per hour: also report expected misses per hour and per year." };
        var quiet = new Option<bool>("--quiet") { Description = "Print no decoration (no report line on stderr)." };
        var reports = new ReportOptions();
        var cmd = new Command("tail", "Deadline-miss probability, sizing, level table and diagnostics for samples in a CSV file (e.g. hardware measurements).")
        {
            samples, column, deadline, missProb, json, rate, quiet,
        };
        reports.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var request = reports.Prepare(pr);
            var d = TailOutput.Duration(pr, deadline);
            var p = pr.GetValue(missProb);
            if (d is null && p is null) throw new InputError(SourceLocation.Of("tail"), "give --deadline D or --miss-prob P", "e.g. --deadline 50ms or --miss-prob 1e-6");
            var file = pr.GetValue(samples)!;
            var col = SamplesCsv.Read(file.FullName, pr.GetValue(column));
            var report = DeadlineAnalysis.Analyze(col.Values, new TailQuery(d, p)).Report;
            var em = pr.GetValue(rate) is double r && r > 0 ? ExpectedMisses.From(r, report.MissProb) : null;
            var o = TailOutput.Out(pr);
            if (pr.GetValue(json))
            {
                var j = TailOutput.ToJson(report);
                j["file"] = file.FullName;
                j["column"] = col.Name;
                j["skipped_empty"] = col.Skipped;
                if (em is not null) j["expected_misses"] = TailOutput.Node(em);
                TailOutput.Write(o, j);
            }
            else
            {
                var c = TailOutput.Console(o);
                DeadlineCommand.Say(c, $"{file.FullName}: column {col.Name}, {col.Values.Length} values" + (col.Skipped > 0 ? $", {col.Skipped} empty cells skipped" : ""));
                TailOutput.WriteTables(c, report, null, null, em);
            }
            if (request.Wanted)
                request.Write(Reports.TailFileReport.Build(file.FullName, col.Name, col.Values, col.Skipped, report, d is not null, p, request.CommandLine),
                    pr.GetValue(quiet) ? null : TailOutput.Err(pr));
            return ExitCodes.Success;
        });
        return cmd;
    }
}
