using System.CommandLine;
using Spectre.Console;
using System.Text.Json.Nodes;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Simulator.Experiments;

namespace XenSwitchSim.Cli.Commands;

/// <summary>
/// <c>deadline</c>: simulate the scenario (only the board the metric needs), then the tail analysis of the chosen
/// metric: miss probability at a deadline and/or the deadline sized for a miss probability, the level table, the
/// diagnostics; optionally with parameter uncertainty and expected misses per hour/year.
/// </summary>
public static class DeadlineCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var deadline = TailOutput.DeadlineOption();
        var missProb = TailOutput.MissProbOption();
        var metric = new Option<string>("--metric") { Description = "switch, pause or unpause (default switch).", DefaultValueFactory = _ => "switch" };
        var view = new Option<string>("--view") { Description = "true (decision to effect, default) or observed (as the study's probes see it).", DefaultValueFactory = _ => "true" };
        var uncertainty = new Option<bool>("--with-parameter-uncertainty")
        {
            Description = "Draw the calibrated mechanisms from their uncertainty (the model's fit sd/lower/upper) once per block of runs; widen every interval by the between-block variance.",
        };
        var fittedOnly = new Option<bool>("--fitted-only")
        {
            Description = "With --with-parameter-uncertainty: draw only mechanisms with a fitted sd, not those that carry only a [lower, upper] range (an uncalibrated model's prior ranges).",
        };
        var blocks = new Option<int>("--blocks") { Description = $"Blocks for --with-parameter-uncertainty (default {ParameterUncertainty.DefaultBlocks}).", DefaultValueFactory = _ => ParameterUncertainty.DefaultBlocks };
        blocks.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 2) r.AddError("--blocks must be at least 2"); });
        var rate = new Option<double?>("--failure-rate") { Description = "Failures per hour (each triggers one switch): also report expected misses per hour and per year." };
        rate.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is double x && !(x > 0 && double.IsFinite(x))) r.AddError("--failure-rate must be a positive number of failures per hour"); });
        var importance = new Option<bool>("--importance-sampling")
        {
            Description = "Importance-sample the storage tail (xl missing the page cache, SD-card stalls): tilted draws with likelihood-ratio weights, for miss probabilities far below 1/runs.",
        };
        var tiltOption = new Option<string?>("--is-tilt")
        {
            Description = "Tilt for --importance-sampling: fault=P,stall=Q,shift=S,defensive=A (default fault=0.3,stall=0.2,shift=0,defensive=0.2; shift moves the stall length's log-normal by S sigmas; a share A of the runs draws from the model itself, which bounds every weight by 1/A; 0 is pure importance sampling).",
        };
        var samplesCsv = new Option<FileInfo?>("--samples-csv")
        {
            Description = "Write one row per run: run, the metric's time (us), its weight (1 without importance sampling), its block (0 without parameter uncertainty).",
        };
        var reports = new ReportOptions();
        var cmd = new Command("deadline", "Probability that an operation misses a deadline, or the deadline for a miss probability, with confidence intervals, method per figure and tail diagnostics.");
        common.AddTo(cmd);
        foreach (var o in new Option[] { deadline, missProb, metric, view, uncertainty, fittedOnly, blocks, rate, importance, tiltOption, samplesCsv }) cmd.Options.Add(o);
        reports.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var d = TailOutput.Duration(pr, deadline);
            var p = pr.GetValue(missProb);
            if (d is null && p is null) throw new InputError(SourceLocation.Of("deadline"), "give --deadline D or --miss-prob P", "e.g. --deadline 50ms or --miss-prob 1e-6");
            if (!MetricChoice.TryParse(pr.GetValue(metric)!, pr.GetValue(view)!, out var choice, out var why))
                throw new InputError(SourceLocation.Of("--metric/--view"), why);
            var input = common.Resolve(pr);
            var s = input.Scenario;
            var err = TailOutput.Err(pr);
            if (choice.Infeasible(s) is { } inf)
            {
                err.WriteLine($"xenswitchsim: infeasible: {inf}");
                return ExitCodes.BadInput;
            }
            var withU = pr.GetValue(uncertainty);
            var nBlocks = pr.GetValue(blocks);
            if (withU && input.Runs < 10 * nBlocks)
                throw new InputError(SourceLocation.Of("--runs"), $"--with-parameter-uncertainty needs at least 10 runs per block ({10 * nBlocks} for {nBlocks} blocks)", "give more --runs or fewer --blocks");
            if (!withU && input.Runs < 10)
                throw new InputError(SourceLocation.Of("--runs"), "the tail analysis needs at least 10 runs", "give --runs 1000 or more");

            var pu = withU ? ParameterUncertainty.Of(s.Model, pr.GetValue(fittedOnly)) : null;
            var tilt = pr.GetValue(importance) || pr.GetValue(tiltOption) is not null ? ParseTilt(pr.GetValue(tiltOption)) : (Simulator.Platform.Toolstack.StorageTilt?)null;
            if (pr.GetValue(samplesCsv) is { } csvCheck) Output.AtomicFile.CheckWritable(csvCheck.FullName, "--samples-csv");
            var request = reports.Prepare(pr);
            var scenarioName = pr.GetValue(common.Scenario) is { } sf ? Path.GetFileNameWithoutExtension(sf.Name) : "this scenario";
            void WriteReport(Reports.DeadlineRun run)
            {
                if (request.Wanted) request.Write(Reports.DeadlineReport.Build(run with { DeadlineGiven = d is not null, TargetMissProb = p }, scenarioName, request.CommandLine), input.Quiet ? null : err);
            }
            if (tilt is { } tl)
                return RunImportanceSampled(pr, input, choice, new TailQuery(d, p), tl, pr.GetValue(rate), pu, nBlocks, pr.GetValue(samplesCsv), WriteReport);
            var results = ProgressReporter.Run("replications", input.Runs, input.Quiet || input.Json, progress =>
                pu is null
                    ? s.Run(input.Runs, input.Seed, input.Threads, progress, options: choice.Options())
                    : pu.Run(s, input.Runs, nBlocks, input.Seed, input.Threads, progress, choice.Options()));
            var times = choice.Times(results, out var incomplete);
            if (pr.GetValue(samplesCsv) is { } csvFile) WriteSamples(csvFile, choice, times, null, pu is null ? null : ParameterUncertainty.BlockStarts(input.Runs, nBlocks));
            var query = new TailQuery(d, p);
            var result = pu is null
                ? DeadlineAnalysis.Analyze(times, query)
                : DeadlineAnalysis.Analyze(times, query, ParameterUncertainty.BlockStarts(input.Runs, nBlocks),
                    pu.Mechanisms.Select(m => $"{m.Name}: {m.Rule}").ToList(),
                    "blocks of runs, each with its own draw of the mechanisms; each side's half-width h of the pooled Monte Carlo interval becomes sqrt(h^2 + (t*parameter_sd)^2), t = Student t(B-1, 0.975)");
            var report = result.Report with { Metric = choice.MetricName, View = choice.ViewName };
            var em = pr.GetValue(rate) is double r ? ExpectedMisses.From(r, report.MissProb) : null;

            if (report.SizedDeadline is { } sz && !double.IsFinite(sz.Value))
                err.WriteLine($"xenswitchsim: warning: {input.Runs} runs cannot bound the deadline at P = {p}: the sized deadline is unbounded (JSON null); give more --runs (about 250 or more allow a tail fit)");
            var o = TailOutput.Out(pr);
            if (input.Json)
            {
                TailOutput.Write(o, Json(report, s, input, incomplete, result.Uncertainty, pu, em));
            }
            else
            {
                var c = TailOutput.Console(o);
                var changed = s.Parameters.ToDictionary()
                    .Where(kv => Models.Parameters.ScenarioParameters.Defaults.ToDictionary()[kv.Key] != kv.Value)
                    .Select(kv => $"{kv.Key}={kv.Value}");
                Say(c, $"model {s.Model.Name} (sha256 {s.Model.Sha256[..12]}...)  seed {input.Seed}  runs {input.Runs}  metric {choice}");
                Say(c, "parameters " + string.Join(" ", changed.DefaultIfEmpty("(contract defaults)")));
                if (incomplete > 0) Say(c, $"{incomplete} runs did not complete within the {MetricChoice.CapUs / 1e6:F0} s cap: counted at the cap (misses)");
                if (pu is not null && pu.Mechanisms.Count == 0) Say(c, "parameter uncertainty: no mechanism of the model carries " + (pr.GetValue(fittedOnly) ? "a fitted sd" : "an sd or a range") + "; the intervals are Monte Carlo only");
                if (pu is not null && pu.Counts.RangeOnly > 0) Say(c, $"parameter uncertainty: {pu.Counts.Fitted} mechanisms with a fitted sd, {pu.Counts.RangeOnly} with only a [lower, upper] range (read as a 95% range; in an uncalibrated model these are the priors' admissible ranges: --fitted-only leaves them out)");
                TailOutput.WriteTables(c, report, null, result.Uncertainty, em);
            }
            WriteReport(new Reports.DeadlineRun(s, input.Seed, input.Runs, choice, times, report, results) { Incomplete = incomplete, Blocks = pu is null ? null : nBlocks });
            return ExitCodes.Success;
        });
        return cmd;
    }

    public static Simulator.Platform.Toolstack.StorageTilt ParseTilt(string? text)
    {
        var t = Simulator.Platform.Toolstack.StorageTilt.Default;
        if (string.IsNullOrWhiteSpace(text)) return t;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2 || !double.TryParse(kv[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new InputError(SourceLocation.Of("--is-tilt"), $"cannot read '{part}'", "expected fault=P,stall=Q,shift=S,defensive=A");
            bool prob = kv[0] is "fault" or "stall";
            if (prob && !(v > 0 && v < 1)) throw new InputError(SourceLocation.Of("--is-tilt"), $"{kv[0]} = {kv[1]} is not a probability in (0, 1)");
            if (kv[0] == "defensive" && !(v >= 0 && v < 1)) throw new InputError(SourceLocation.Of("--is-tilt"), $"defensive = {kv[1]} is not a share in [0, 1)");
            t = kv[0] switch
            {
                "fault" => t with { FaultProb = v },
                "stall" => t with { InStallProb = v },
                "shift" => t with { StallShift = v },
                "defensive" => t with { Defensive = v },
                _ => throw new InputError(SourceLocation.Of("--is-tilt"), $"unknown tilt '{kv[0]}'", "expected fault, stall, shift or defensive"),
            };
        }
        return t;
    }

    public static string Describe(Simulator.Platform.Toolstack.StorageTilt t) => System.FormattableString.Invariant(
        $"fault={t.FaultProb?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "model"},stall={t.InStallProb?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "model"},shift={t.StallShift},defensive={t.Defensive}");

    private static int RunImportanceSampled(ParseResult pr, Inputs input, MetricChoice choice, TailQuery query, Simulator.Platform.Toolstack.StorageTilt tilt,
        double? rate, ParameterUncertainty? pu, int blocks, FileInfo? samplesCsv, Action<Reports.DeadlineRun> writeReport)
    {
        var s = input.Scenario;
        var platformOf = pu is null ? (_ => s.Platform) : pu.PlatformOf(s.Platform, input.Runs, blocks, input.Seed);
        var (results, weights) = ProgressReporter.Run("replications (importance-sampled)", input.Runs, input.Quiet || input.Json, progress =>
            ImportanceSampling.Run(s, platformOf, input.Runs, input.Seed, tilt, input.Threads, progress, choice.Options()));
        var times = choice.Times(results, out var incomplete);
        var wt = new WeightedTail(times, weights);
        if (samplesCsv is not null) WriteSamples(samplesCsv, choice, times, weights, pu is null ? null : ParameterUncertainty.BlockStarts(input.Runs, blocks));
        var tiltText = Describe(tilt);
        var result = pu is null
            ? DeadlineAnalysis.AnalyzeWeighted(times, weights, query, tiltText)
            : DeadlineAnalysis.AnalyzeWeighted(times, weights, query, tiltText, ParameterUncertainty.BlockStarts(input.Runs, blocks),
                pu.Mechanisms.Select(m => $"{m.Name}: {m.Rule}").ToList());
        var report = result.Report with { Metric = choice.MetricName, View = choice.ViewName };
        var summary = wt.Summary(report.DeadlineUs, tiltText);
        var em = rate is double r ? ExpectedMisses.From(r, report.MissProb) : null;
        var o = TailOutput.Out(pr);
        if (input.Json)
        {
            var j = Json(report, s, input, incomplete, result.Uncertainty, pu, em);
            j["importance_sampling"] = TailOutput.Node(summary);
            TailOutput.Write(o, j);
        }
        else
        {
            var c = TailOutput.Console(o);
            Say(c, $"model {s.Model.Name} (sha256 {s.Model.Sha256[..12]}...)  seed {input.Seed}  runs {input.Runs}  metric {choice}  importance sampling {tiltText}");
            if (incomplete > 0) Say(c, $"{incomplete} runs did not complete within the {MetricChoice.CapUs / 1e6:F0} s cap: counted at the cap (misses)");
            TailOutput.WriteTables(c, report, null, result.Uncertainty, em);
        }
        writeReport(new Reports.DeadlineRun(s, input.Seed, input.Runs, choice, times, report, results)
        {
            Weights = weights, Tilt = tiltText, Incomplete = incomplete, Blocks = pu is null ? null : blocks,
        });
        return ExitCodes.Success;
    }

    private static void WriteSamples(FileInfo file, MetricChoice choice, double[] times, double[]? weights, int[]? blockStarts) =>
        Output.AtomicFile.Write(file.FullName, w =>
        {
            var ci = System.Globalization.CultureInfo.InvariantCulture;
            w.WriteLine($"run,{choice.MetricName}_{choice.ViewName}_us,weight,block");
            int block = 0;
            for (int i = 0; i < times.Length; i++)
            {
                while (blockStarts is not null && i >= blockStarts[block + 1]) block++;
                w.WriteLine(string.Join(',', i.ToString(ci), times[i].ToString("R", ci), (weights?[i] ?? 1.0).ToString("R", ci), block.ToString(ci)));
            }
        });

    public static void Say(Spectre.Console.IAnsiConsole c, string text) => c.MarkupLine(Spectre.Console.Markup.Escape(text));

    /// <summary>The contract's deadline JSON: the tail report, provenance, incomplete runs, and the optional parameter uncertainty and expected misses.</summary>
    private static JsonObject Json(TailReport report, ResolvedScenario s, Inputs input, int incomplete, ParameterUncertaintyReport? uncertainty,
        ParameterUncertainty? pu, ExpectedMisses? em)
    {
        var j = TailOutput.ToJson(report);
        AppendProvenance(j, s, input.Seed, input.Runs);
        j["incomplete"] = incomplete;
        if (uncertainty is not null)
        {
            var node = TailOutput.Node(uncertainty)!.AsObject();
            node["fitted_sd"] = pu!.Counts.Fitted;
            node["range_only"] = pu.Counts.RangeOnly;
            j["parameter_uncertainty"] = node;
        }
        if (em is not null) j["expected_misses"] = TailOutput.Node(em);
        return j;
    }

    public static void AppendProvenance(JsonObject j, ResolvedScenario s, ulong seed, int runs)
    {
        j["model"] = s.Model.Name;
        j["model_sha256"] = s.Model.Sha256;
        j["seed"] = seed;
        j["runs"] = runs;
        var ps = new JsonObject();
        foreach (var (k, v) in s.Parameters.ToDictionary()) ps[k] = v;
        j["parameters"] = ps;
    }
}
