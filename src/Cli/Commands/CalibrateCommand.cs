using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using XenSwitchSim.Calibration.Fitting;
using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;

namespace XenSwitchSim.Cli.Commands;

/// <summary>
/// <c>calibrate</c>: fits the mechanisms of both environments jointly to the study's tables by
/// simulation-based optimisation (common random numbers, log space, priors' bounds, restarts),
/// writes the two calibrated models and, with --report, the calibration report.
/// </summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var priors = new Option<FileInfo?>("--priors") { Description = "Priors model file (values and bounds of every mechanism). With --measurements: optional start values and bounds of the free mechanisms (default: the template's)." };
        var reference = new Option<FileInfo?>("--reference") { Description = "The study's measurements (models/reference/ipsj-os151-2021-measurements.yaml)." };
        var outDir = new Option<DirectoryInfo?>("--out-dir") { Description = "Where pi4-xen4.13.yaml and pi4-xen4.14.yaml are read as templates (platform, defaults, assumptions) and written calibrated." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the common random numbers and the search (default 20210301).", DefaultValueFactory = _ => 20210301UL };
        var budget = new Option<double>("--budget-minutes") { Description = "Search budget, converted to a fixed number of evaluations (about 400 a minute on two free cores; slower when the machine is shared), so the result depends only on the seed and the budget (default 20).", DefaultValueFactory = _ => 20 };
        var reports = new ReportOptions();
        reports.Report.Description = "Write the calibration report: HTML with the figures when FILE ends in .html (plotly.js inlined: opens offline), else Markdown (docs/calibration.md is made so).";
        reports.Report.HelpName = "FILE.md|FILE.html";
        var cv = new Option<bool>("--cross-validate") { Description = "Refit leaving each row out in turn and predict it (adds about 40% to the run time)." };
        var quick = new Option<bool>("--quick") { Description = "A tiny budget with few runs (smoke test; the models it writes are not fit for use)." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores); results do not depend on it.", DefaultValueFactory = _ => 0 };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };
        var dryRun = new Option<bool>("--no-write") { Description = "Do not write the models (report only)." };
        var cmd = new Command("calibrate", "Fit the mechanisms' costs of both environments to the study's measurements (--priors, --reference, --out-dir), or one model to measurement sets (--model, --measurements, --out); write the calibrated model(s) and a report.")
        {
            priors, reference, outDir, seed, budget, cv, quick, threads, quiet, dryRun,
        };
        reports.AddTo(cmd);
        var fromSets = CalibrateFromMeasurements.AddTo(cmd);
        budget.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is <= 0 or > 10_000) r.AddError("--budget-minutes must be in (0, 10000]");
        });
        cmd.SetAction(pr =>
        {
            if (fromSets.Requested(pr))
            {
                return fromSets.Run(pr, new CalibrateFromMeasurements.Shared(pr.GetValue(priors), pr.GetValue(seed), pr.GetValue(budget), MarkdownReport(pr.GetValue(reports.Report)),
                    pr.GetValue(cv), pr.GetValue(quick), pr.GetValue(threads), pr.GetValue(quiet), pr.GetValue(dryRun)));
            }

            var priorsFile = pr.GetValue(priors) ?? throw new InputError(SourceLocation.Of("--priors"), "missing", "the study's calibration needs --priors, --reference and --out-dir (or use --measurements)");
            var refFile = pr.GetValue(reference) ?? throw new InputError(SourceLocation.Of("--reference"), "missing", "the study's calibration needs --priors, --reference and --out-dir (or use --measurements)");
            var dir = pr.GetValue(outDir) ?? throw new InputError(SourceLocation.Of("--out-dir"), "missing", "the study's calibration needs --priors, --reference and --out-dir (or use --measurements)");
            if (!dir.Exists) throw new InputError(SourceLocation.Of("--out-dir"), $"directory '{dir.FullName}' does not exist", "expected the models directory");
            var oldPath = Path.Combine(dir.FullName, "pi4-xen4.13.yaml");
            var newPath = Path.Combine(dir.FullName, "pi4-xen4.14.yaml");
            foreach (var (path, what) in new[] { (priorsFile.FullName, "--priors"), (refFile.FullName, "--reference"), (oldPath, "--out-dir"), (newPath, "--out-dir") })
                if (!File.Exists(path)) throw new InputError(SourceLocation.Of(what), $"file '{path}' does not exist", what == "--out-dir" ? "the out dir must hold the two model templates pi4-xen4.13.yaml and pi4-xen4.14.yaml" : "expected an existing YAML file");

            var request = reports.Prepare(pr); // a bad --report/--png path fails here, before the fit
            var priorsModel = ModelFile.Load(priorsFile.FullName);
            // Relative to the working directory, so reports name the file as the user did, not the machine's path.
            var refData = ReferenceMeasurements.Load(Path.GetRelativePath(Environment.CurrentDirectory, refFile.FullName));
            var oldModel = ModelFile.Load(oldPath);
            var newModel = ModelFile.Load(newPath);
            var data = CalibrationData.Build(refData, oldModel, newModel);
            var space = new ParameterSpace(priorsModel, oldModel, newModel, ParameterSpace.DefaultFree);
            var s = pr.GetValue(seed);
            var minutes = pr.GetValue(budget);
            var options = pr.GetValue(quick)
                ? CalibrationOptions.Quick(s, pr.GetValue(cv), pr.GetValue(threads))
                : CalibrationOptions.ForBudget(minutes, s, pr.GetValue(cv), pr.GetValue(threads));
            var calibrator = new Calibrator(space, data, options);
            var silent = pr.GetValue(quiet) || Console.IsErrorRedirected;
            CalibrationResult result;
            if (silent)
            {
                result = calibrator.Run();
            }
            else
            {
                result = default!;
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                console.Progress().AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask("calibrate", maxValue: calibrator.PlannedEvaluations);
                        calibrator.Progress = (stage, done, total) =>
                        {
                            task.Description = $"calibrate: {stage}";
                            task.MaxValue = total;
                            task.Value = Math.Min(done, total);
                        };
                        result = calibrator.Run();
                        task.Value = task.MaxValue;
                    });
            }

            var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var commandLine = "xenswitchsim calibrate " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).SkipWhile(a => a != "calibrate").Skip(1));
            var provenance = new ModelFileWriter.Provenance(
                $"{Path.GetFileName(refFile.FullName)} sha256 {refData.Sha256[..12]}, both environments jointly",
                s, date, $"noise-aware weighted sum of squared z, {result.Final.Total.ToString("G5", CultureInfo.InvariantCulture)} at the fit ({result.AtPriors.Total.ToString("G5", CultureInfo.InvariantCulture)} at the priors)");
            var header = $"Calibrated by `{commandLine}` on {date}; see docs/calibration.md.\nFitted mechanisms carry value, sd, lower, upper (95%) and provenance; the others are the priors (models/priors.yaml).";
            if (!pr.GetValue(dryRun))
            {
                var priorsText = File.ReadAllText(priorsFile.FullName);
                var extra = Assumptions().ToList();
                foreach (var (path, env) in new[] { (oldPath, Env.Old), (newPath, Env.New) })
                {
                    var text = ModelFileWriter.Write(File.ReadAllText(path), priorsText, env, result.Parameters, provenance, extra, header);
                    ModelFile.Parse(text, path); // the written file must load
                    AtomicFile.Write(path, w => w.Write(text));
                }
            }
            if (request.HtmlPath is { } rep && !IsHtml(rep))
            {
                var ctx = new CalibrationReport.Context(commandLine, date,
                    $"{Environment.ProcessorCount} cores, shared with other builds; {options.Final.RunsPerRow} runs per row in the final check");
                var md = CalibrationReport.Write(result, space, data, ctx);
                AtomicFile.Write(rep, w => w.Write(md));
                request = request with { HtmlPath = null };
            }
            if (request.Wanted)
            {
                var written = new[] { oldPath, newPath }.Select(path => (path, pr.GetValue(dryRun) ? null : (string?)Sha256Of(path))).ToList();
                var run = new Reports.CalibrateRun(priorsModel.Name, priorsFile.Name, priorsModel.Sha256, refData.SourceName, refData.Sha256, s,
                    pr.GetValue(quick) ? "--quick (a smoke test: not fit for use)" : $"{minutes.ToString(CultureInfo.InvariantCulture)} minutes",
                    written, commandLine);
                request.Write(Reports.CalibrateReport.Build(result, run), silent ? null : Console.Error);
            }
            var judged = Agreement.JudgeAll(result.Final.Rows).ToList();
            Console.Out.WriteLine($"objective {result.AtPriors.Total:G5} at the priors -> {result.Final.Total:G5} fitted; {result.Evaluations} evaluations in {result.Elapsed.TotalMinutes:F1} min");
            foreach (var env in new[] { Env.Old, Env.New })
            {
                var j = judged.Where(a => a.Row.Env == env).ToList();
                Console.Out.WriteLine($"{(env == Env.Old ? "old" : "new")}: {j.Count(a => a.Verdict.Agrees)}/{j.Count} operations agree (mean {j.Count(a => a.Verdict.Mean == true)}, spread {j.Count(a => a.Verdict.Spread == true)}/{j.Count(a => a.Verdict.Spread is not null)}, range {j.Count(a => a.Verdict.Range == true)}/{j.Count(a => a.Verdict.Range is not null)}, spread by resampling {j.Count(a => a.Verdict.SpreadBySubsamples == true)}/{j.Count(a => a.Verdict.SpreadBySubsamples is not null)})");
            }
            foreach (var p in result.Parameters)
                Console.Out.WriteLine($"  {p.Free.Label,-36} {p.Value,12:G5}  sd {p.Sd:G3}");
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>With --measurements the report is Markdown only (the HTML report draws the study's two environments).</summary>
    private static FileInfo? MarkdownReport(FileInfo? report)
    {
        if (report is not null && IsHtml(report.FullName))
            throw new InputError(SourceLocation.Of("--report"), $"'{report.Name}': with --measurements the calibration report is Markdown only", "expected --report FILE.md");
        if (report is not null) AtomicFile.CheckWritable(report.FullName, "--report");
        return report;
    }

    /// <summary>--report FILE.html writes the HTML report; any other name the Markdown one.</summary>
    private static bool IsHtml(string path) => path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);

    private static string Sha256Of(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Setup facts the study did not state, with the evidence, added to both models if missing.</summary>
    private static IEnumerable<(string, string, string)> Assumptions()
    {
        yield return ("CPU clock", "folded into the fitted CPU costs (cpu_work_scale relative to the old environment)",
            "The study does not give the clock (1.5 GHz nominal; 600 MHz without force_turbo on early Xen boots). Every CPU cost is fitted as work at the clock of the runs, so the clock is not identifiable separately; the new environment's cpu_work_scale is the ratio of its costs to the old one's.");
        yield return ("sampler I/O", "the sampler's log reaches dom0's block backend every sampler_io_interval_us (fitted); served by blkback and, for a file disk, the loop worker at nice -20",
            "The study does not say where the domU sampler wrote; the file-disk row is slower than the partition row by ~6 ms pause / ~4 ms unpause, which only dom0-side block work can cause (domU-storage-file row; data-insights.md).");
    }
}
