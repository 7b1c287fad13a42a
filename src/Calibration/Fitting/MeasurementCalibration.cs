using System.Globalization;
using System.Text.RegularExpressions;
using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Models.Files;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>
/// Calibration from measurement sets (<c>calibrate --model T --measurements DIR...</c>): one
/// environment, the template model's board. The sets become rows (<see cref="MeasurementTargets"/>),
/// the free mechanisms are <c>--free</c>'s or those the sets exercise (<see cref="MeasurementFreeSet"/>),
/// and the same <see cref="Calibrator"/> and objective as the study's calibration fit them; there is
/// no Figure 4 and no rare-mode count to fit, so those efforts are zero.
/// </summary>
public sealed record MeasurementCalibration(ModelDefinition Template, ModelDefinition Priors, IReadOnlyList<MeasurementSet> Sets,
    CalibrationData Data, ParameterSpace Space)
{
    public static MeasurementCalibration Prepare(ModelDefinition template, ModelDefinition? priors, IReadOnlyList<MeasurementSet> sets,
        IReadOnlyList<string>? free = null)
    {
        var p = priors ?? template;
        var data = MeasurementTargets.Build(sets, template);
        var freeSet = free is { Count: > 0 } ? MeasurementFreeSet.Parse(free, p) : MeasurementFreeSet.Default(data, p);
        if (freeSet.Count == 0)
            throw new Models.Errors.InputError(Models.Errors.SourceLocation.Of("--measurements"), "the sets exercise no mechanism with a positive start value", "name the mechanisms to fit with --free");
        ParameterSpace space;
        try
        {
            space = new ParameterSpace(template, p, freeSet);
        }
        catch (ArgumentException e)
        {
            throw new Models.Errors.InputError(Models.Errors.SourceLocation.Of(p.SourceName), e.Message, "expected each free mechanism's start value within its bounds");
        }

        return new MeasurementCalibration(template, p, sets, data, space);
    }

    /// <summary>
    /// The effort settings for these sets: without the study-only parts (Figure 4's hypercalls, the
    /// multi-second counts), and with at least as many simulated runs per set in the search and the
    /// curvature as the largest set has measured runs. With common random numbers the fit lands where
    /// the simulated mean equals the measured one, so its error is the two means' sampling errors: a
    /// 100-run set fitted with 60 simulated runs would be fitted to the simulation's noise.
    /// </summary>
    public CalibrationOptions ForSets(CalibrationOptions o)
    {
        var n = Data.Rows.SelectMany(r => r.Ops).Select(t => t.N).DefaultIfEmpty(0).Max();
        static Effort Strip(Effort e) => e with { HypercallReplications = 0, RareLaunches = 0, ExposureBoards = 0 };
        Effort AtLeastN(Effort e) => Strip(e) with { RunsPerRow = Math.Max(e.RunsPerRow, n) };
        return o with { Global = Strip(o.Global), Search = AtLeastN(o.Search), Curvature = AtLeastN(o.Curvature), Final = AtLeastN(o.Final) };
    }

    public Calibrator Calibrator(CalibrationOptions options) => new(Space, Data, ForSets(options));

    /// <summary>
    /// The calibrated model: the template as written (platform, defaults, assumptions, every
    /// mechanism that was not free), named <paramref name="name"/>, with the fitted mechanisms'
    /// value, sd, 95% bounds and provenance.
    /// </summary>
    public string WriteModel(string templateText, CalibrationResult result, string name, string command, string date)
    {
        var objective = $"noise-aware weighted sum of squared z over {Data.Rows.Count} measurement set(s), "
            + $"{result.Final.Total.ToString("G5", CultureInfo.InvariantCulture)} at the fit ({result.AtPriors.Total.ToString("G5", CultureInfo.InvariantCulture)} at the start values); "
            + $"budget: {result.Evaluations} evaluations";
        var provenance = new ModelFileWriter.Provenance($"measurement sets {string.Join(", ", Sets.Select(s => s.Name))}", result.Options.Seed, date, objective);
        var header = $"Calibrated from measurement sets by `{command}` on {date}.\n"
            + $"Template: {Template.SourceName} (sha256 {Template.Sha256[..12]}); start values and bounds: {Priors.SourceName}.\n"
            + "Fitted mechanisms carry value, sd, lower, upper (95%) and provenance; the others are the template's.";
        var text = ModelFileWriter.Write(templateText, templateText, Env.Old, result.Parameters, provenance, [], header,
            _ => "fitted to this board's measurement sets");
        return Regex.Replace(text, "^name: .*$", "name: " + name, RegexOptions.Multiline, TimeSpan.FromSeconds(1));
    }
}
