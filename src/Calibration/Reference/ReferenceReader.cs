using System.Globalization;
using XenSwitchSim.Calibration.Reference.Dto;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Models.Yaml;

namespace XenSwitchSim.Calibration.Reference;

/// <summary>
/// Checks the reference file as it converts it, so a corrupted copy fails loudly at the bad
/// value: numbers, phase names, phases adding up to the mean, min &lt;= mean &lt;= max, scenario
/// keys and values, share bounds.
/// </summary>
internal sealed class ReferenceReader
{
    private readonly YamlFieldReader f;

    private ReferenceReader(string sourceName) => f = new YamlFieldReader(sourceName);

    public static ReferenceMeasurements Read(SourceText source)
    {
        var dto = YamlDocumentReader.Read<ReferenceFileDto>(source.Text, source.Name);
        return new ReferenceReader(source.Name).Convert(dto, source);
    }

    private ReferenceMeasurements Convert(ReferenceFileDto dto, SourceText source)
    {
        var table = dto.Parameters.Select(kv => TableRow(kv.Key, kv.Value)).ToList();
        var oldBaseline = ScenarioParameters.Defaults.With(table.Select(t => t.Baseline));
        var comparison = Assignments(dto.ComparisonBaseline);
        var comparisonBaseline = ScenarioParameters.Defaults.With(comparison);
        var oldN = f.Int(dto.OldEnvironment.Repetitions, "repetitions", 2);
        var newN = f.Int(dto.NewEnvironment.Repetitions, "repetitions", 2);

        return new ReferenceMeasurements
        {
            Source = ReadSource(dto.Source),
            Environments = dto.Environments.ToDictionary(kv => kv.Key.Text, kv => ReadEnvironment(kv.Key.Text, kv.Value)),
            ParameterTable = table,
            OldBaseline = oldBaseline,
            OldRepetitions = oldN,
            OldRows = Unique(dto.OldEnvironment.Rows.Select(r => (r.Id, OldRow(r, oldN, oldBaseline)))),
            ComparisonBaseline = comparisonBaseline,
            ComparisonPatterns = [.. (dto.ComparisonPatterns ?? []).Select(p => f.Text(p, "comparison_patterns"))],
            NewRepetitions = newN,
            NewRows = Unique(dto.NewEnvironment.Rows.Select(r => (r.Id, NewRow(r, newN, comparisonBaseline)))),
            Figure3Findings = [.. (dto.Figure3Findings ?? []).Select(p => f.Text(p, "figure3_findings"))],
            HypercallVersion = dto.HypercallVersion is null ? null : Hypercalls(dto.HypercallVersion),
            SourceName = source.Name,
            Sha256 = source.Sha256,
        };
    }

    private ReferenceSource ReadSource(SourceDto s)
    {
        if (!DateOnly.TryParseExact(s.Date.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw f.Error(s.Date, $"invalid value '{s.Date.Text}' for 'date'", "expected a date as YYYY-MM-DD");
        }

        return new ReferenceSource(
            f.Text(s.Title, "title"),
            f.OptionalText(s.Venue),
            date,
            f.OptionalText(s.Board),
            f.OptionalText(s.Counter),
            f.Quantity(s.DomuSamplingIntervalUs, "domu_sampling_interval_us", Models.Units.Unit.Microseconds, 0, minExclusive: true));
    }

    private EnvironmentInfo ReadEnvironment(string name, EnvironmentDto e) =>
        new(name, f.Text(e.Xen, "xen"), f.Text(e.Dom0, "dom0"), f.Text(e.DomU, "domU"), f.OptionalText(e.Storage), f.OptionalText(e.Notes));

    private ParameterChange TableRow(YamlValue key, ParameterRowDto row) =>
        new(key.Text,
            ParameterParser.Parse(key.Text, row.Baseline.Text, f.At(key), f.At(row.Baseline)),
            ParameterParser.Parse(key.Text, row.Changed.Text, f.At(key), f.At(row.Changed)),
            f.OptionalText(row.Tool));

    private List<ParameterAssignment> Assignments(Dictionary<YamlValue, YamlValue>? map) =>
        [.. (map ?? []).Select(kv => ParameterParser.Parse(kv.Key.Text, kv.Value.Text, f.At(kv.Key), f.At(kv.Value)))];

    private OldEnvironmentRow OldRow(OldRowDto r, int n, ScenarioParameters baseline)
    {
        var change = Assignments(r.Change);
        var also = r.AlternativeReadingAlso is null ? null : Assignments(r.AlternativeReadingAlso);
        var parameters = baseline.With(change);
        return new OldEnvironmentRow(
            f.Text(r.Id, "id"),
            change,
            f.OptionalText(r.Ambiguity),
            also,
            f.OptionalText(r.DataQuality),
            Summary(r.Id, Operation.Pause, r.Pause, n),
            Summary(r.Id, Operation.Unpause, r.Unpause, n),
            parameters,
            also is null ? null : parameters.With(also));
    }

    private NewEnvironmentRow NewRow(NewRowDto r, int n, ScenarioParameters baseline)
    {
        var change = Assignments(r.Change);
        return new NewEnvironmentRow(
            f.Text(r.Id, "id"),
            change,
            MeanPhases(r.Id, Operation.Pause, r.Pause, n),
            MeanPhases(r.Id, Operation.Unpause, r.Unpause, n),
            baseline.With(change));
    }

    private OperationSummary Summary(YamlValue id, Operation op, SummaryDto s, int n)
    {
        var mean = f.Number(s.Mean, "mean", 0);
        var min = f.Number(s.Min, "min", 0);
        var max = f.Number(s.Max, "max", 0);
        var variance = f.Number(s.Variance, "variance", 0);
        if (!(min <= mean && mean <= max))
        {
            throw f.Error(s.Mean, $"row '{id.Text}' {Name(op)}: mean {Format(mean)} is not between min {Format(min)} and max {Format(max)}");
        }

        var summary = new OperationSummary(mean, variance, max, min, Phases(id, op, s.Phases, s.Mean, mean), n);
        if (variance < summary.MinimumPopulationVarianceUs2 - RoundingSlackUs2(summary))
        {
            throw f.Error(
                s.Variance,
                $"row '{id.Text}' {Name(op)}: variance {Format(variance)} is below {Format(summary.MinimumPopulationVarianceUs2)}, "
                + $"the least {n} runs with mean {Format(mean)}, min {Format(min)} and max {Format(max)} can have");
        }

        return summary;
    }

    /// <summary>
    /// How much the minimum variance can move when mean, min and max are each rounded to the
    /// whole us (0.5 us times the gradient of the minimum in each), plus the variance's own
    /// rounding: a real row may sit this far below the computed minimum, a corrupted one not.
    /// </summary>
    private static double RoundingSlackUs2(OperationSummary s)
    {
        var c = s.EqualMiddleRunUs;
        var gradient = (2 * Math.Abs(s.MinUs - c)) + (2 * Math.Abs(s.MaxUs - c)) + Math.Abs((4 * c) - (2 * s.MinUs) - (2 * s.MaxUs));
        return (0.5 * gradient / s.N) + 0.5;
    }

    private MeanWithPhases MeanPhases(YamlValue id, Operation op, MeanPhasesDto s, int n)
    {
        var mean = f.Number(s.Mean, "mean", 0);
        return new MeanWithPhases(mean, Phases(id, op, s.Phases, s.Mean, mean), n);
    }

    /// <summary>
    /// The three phases of the operation, in time order, adding up to the mean within the
    /// rounding of three whole-us values (0.5 us each).
    /// </summary>
    private Dictionary<string, double> Phases(YamlValue id, Operation op, Dictionary<YamlValue, YamlValue> phases, YamlValue meanAt, double mean)
    {
        var expected = Reference.Phases.Of(op);
        foreach (var key in phases.Keys.Where(k => !expected.Contains(k.Text)))
        {
            throw f.Error(key, $"unknown {Name(op)} phase '{key.Text}'",
                ClosestMatch.Suggestion(key.Text, expected) + "expected phases: " + string.Join(", ", expected));
        }

        var missing = expected.Where(name => !phases.Keys.Any(k => k.Text == name)).ToList();
        if (missing.Count > 0)
        {
            throw f.Error(id, $"row '{id.Text}' {Name(op)}: missing phase {string.Join(", ", missing)}");
        }

        var result = expected.ToDictionary(name => name, name => f.Number(phases.First(kv => kv.Key.Text == name).Value, name, 0));
        var sum = result.Values.Sum();
        if (Math.Abs(sum - mean) > 0.5 * expected.Count)
        {
            throw f.Error(meanAt, $"row '{id.Text}' {Name(op)}: phases add up to {Format(sum)} us but the mean is {Format(mean)} us",
                "the phases of a row add up to its total mean (to rounding)");
        }

        return result;
    }

    private HypercallVersionData Hypercalls(HypercallVersionDto h) =>
        new(f.Int(h.CallsPerPattern, "calls_per_pattern", 1),
            h.Patterns.ToDictionary(
                kv => kv.Key.Text,
                kv => new HypercallPattern(
                    kv.Key.Text,
                    Share(kv.Value.ShareIn10UsDecade, "share_in_10us_decade"),
                    Share(kv.Value.ShareIn100UsDecade, "share_in_100us_decade"),
                    Share(kv.Value.ShareIn1000UsDecade, "share_in_1000us_decade"))),
            f.OptionalText(h.Conclusion));

    private ShareBound Share(YamlValue value, string field) =>
        ShareBound.TryParse(value.Text, out var bound)
            ? bound!
            : throw f.Error(value, $"invalid value '{value.Text}' for '{field}'", "expected a share in [0, 1], optionally as a bound like \">= 0.98\" or \"<= 0.01\"");

    private List<T> Unique<T>(IEnumerable<(YamlValue Id, T Row)> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<T>();
        foreach (var (id, row) in rows)
        {
            if (!seen.Add(id.Text))
            {
                throw f.Error(id, $"duplicate row id '{id.Text}'");
            }

            result.Add(row);
        }

        return result;
    }

    private static string Name(Operation op) => op == Operation.Pause ? "pause" : "unpause";

    private static string Format(double value) => YamlFieldReader.Format(value);
}
