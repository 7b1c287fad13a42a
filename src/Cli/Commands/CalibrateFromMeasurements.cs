using System.CommandLine;
using System.Globalization;
using XenSwitchSim.Calibration.Fitting;
using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;

namespace XenSwitchSim.Cli.Commands;

/// <summary>
/// <c>calibrate --model TEMPLATE --measurements DIR... --out FILE</c>: fits the template model's
/// mechanisms to measurement sets (raw sets from hw record or simulate --emit-measurements, and
/// the study's tables as summary-only sets), one environment, and writes the calibrated model and,
/// with --report, a Markdown report. Every input is read and checked before anything is written.
/// </summary>
internal sealed class CalibrateFromMeasurements
{
    public required Option<string?> Model { get; init; }
    public required Option<string[]> Measurements { get; init; }
    public required Option<FileInfo?> Out { get; init; }
    public required Option<string[]> Free { get; init; }

    /// <summary>The options shared with the study's calibration, as the command parsed them.</summary>
    public sealed record Shared(FileInfo? Priors, ulong Seed, double BudgetMinutes, FileInfo? Report, bool CrossValidate, bool Quick,
        int Threads, bool Quiet, bool NoWrite);

    public static CalibrateFromMeasurements AddTo(Command cmd)
    {
        var o = new CalibrateFromMeasurements
        {
            Model = new Option<string?>("--model") { Description = "With --measurements: the template model (file or embedded name): the board's platform, defaults and every mechanism not fitted." },
            Measurements = new Option<string[]>("--measurements")
            {
                Description = "Calibrate from measurement sets instead of the study's tables: set directories (or a folder of them), a reference YAML of summary tables, or study[:old|:new].",
                AllowMultipleArgumentsPerToken = true,
            },
            Out = new Option<FileInfo?>("--out") { Description = "With --measurements: where to write the calibrated model (its name: is the file's stem)." },
            Free = new Option<string[]>("--free")
            {
                Description = "With --measurements: the mechanisms to fit (comma-separated or repeated); default: those the sets exercise.",
                AllowMultipleArgumentsPerToken = true,
            },
        };
        cmd.Options.Add(o.Model);
        cmd.Options.Add(o.Measurements);
        cmd.Options.Add(o.Out);
        cmd.Options.Add(o.Free);
        return o;
    }

    public bool Requested(ParseResult pr) => pr.GetValue(Measurements) is { Length: > 0 };

    public int Run(ParseResult pr, Shared shared)
    {
        var outFile = pr.GetValue(Out);
        if (outFile is null && !shared.NoWrite)
            throw new InputError(SourceLocation.Of("--out"), "missing", "with --measurements give --out FILE.yaml for the calibrated model (or --no-write)");
        var modelArg = pr.GetValue(Model) ?? EmbeddedModels.DefaultName;
        var template = EmbeddedModels.Load(modelArg);
        var templateText = TemplateText(modelArg);
        ModelDefinition? priors = null;
        if (shared.Priors is { } pf)
        {
            if (!pf.Exists) throw new InputError(SourceLocation.Of("--priors"), $"file '{pf.FullName}' does not exist", "expected a model YAML file with the start values and bounds");
            priors = ModelFile.Load(pf.FullName);
        }

        var sets = MeasurementSets.Load(pr.GetValue(Measurements)!, () => EmbeddedModels.Open(ValidateCommand.StudyResource));
        var free = pr.GetValue(Free) ?? [];
        var calibration = MeasurementCalibration.Prepare(template, priors, sets, free.Length > 0 ? free : null);
        var options = shared.Quick
            ? CalibrationOptions.Quick(shared.Seed, shared.CrossValidate, shared.Threads)
            : CalibrationOptions.ForBudget(shared.BudgetMinutes, shared.Seed, shared.CrossValidate, shared.Threads);
        var calibrator = calibration.Calibrator(options);
        var result = CalibrationProgress.Run(calibrator, shared.Quiet || Console.IsErrorRedirected);

        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var commandLine = "xenswitchsim calibrate " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).SkipWhile(a => a != "calibrate").Skip(1));
        if (outFile is not null && !shared.NoWrite)
        {
            var text = calibration.WriteModel(templateText, result, Path.GetFileNameWithoutExtension(outFile.Name), commandLine, date);
            ModelFile.Parse(text, outFile.FullName); // the written file must load
            AtomicFile.Write(outFile.FullName, w => w.Write(text));
        }

        if (shared.Report is { } rep)
        {
            var ctx = new MeasurementCalibrationReport.Context(commandLine, date,
                $"{Environment.ProcessorCount} cores; {result.Options.Final.RunsPerRow} simulated runs per set in the final check");
            AtomicFile.Write(rep.FullName, w => w.Write(MeasurementCalibrationReport.Write(calibration, result, ctx)));
        }

        var judged = Agreement.JudgeAll(result.Final.Rows).ToList();
        Console.Out.WriteLine($"objective {result.AtPriors.Total:G5} at the start values -> {result.Final.Total:G5} fitted; {result.Evaluations} evaluations in {result.Elapsed.TotalMinutes:F1} min");
        Console.Out.WriteLine($"{sets.Count} set(s), {judged.Count} operations: {judged.Count(a => a.Verdict.Agrees)} agree (mean {judged.Count(a => a.Verdict.Mean == true)}, spread {judged.Count(a => a.Verdict.Spread == true)}/{judged.Count(a => a.Verdict.Spread is not null)}, range {judged.Count(a => a.Verdict.Range == true)}/{judged.Count(a => a.Verdict.Range is not null)}); mean abs. rel. error {100 * judged.Average(a => Math.Abs(a.RelativeError)):F1}%");
        foreach (var p in result.Parameters)
            Console.Out.WriteLine($"  {p.Free.Mechanism,-36} {p.Free.Prior,12:G5} -> {p.Value,12:G5}  sd {p.Sd:G3}");
        if (outFile is not null && !shared.NoWrite) Console.Out.WriteLine($"wrote {outFile.FullName}");
        return ExitCodes.Success;
    }

    private static string TemplateText(string pathOrName)
    {
        if (File.Exists(pathOrName)) return File.ReadAllText(pathOrName);
        using var s = EmbeddedModels.Open($"models/{pathOrName}.yaml")
            ?? throw new InputError(SourceLocation.Of("--model"), $"no model file '{pathOrName}'", "expected a path to a model YAML file or an embedded model's name");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
