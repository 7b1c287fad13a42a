using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files.Dto;
using XenSwitchSim.Models.Mechanisms;
using XenSwitchSim.Models.Yaml;

namespace XenSwitchSim.Models.Files;

/// <summary>Checks a model's <c>mechanisms:</c> against the catalogue: names, kinds, units and bounds.</summary>
internal sealed class MechanismReader(YamlFieldReader f, MechanismCatalog catalog)
{
    private readonly DistributionReader distributions = new(f);

    public MechanismSet Read(Dictionary<YamlValue, MechanismValueDto>? mechanisms)
    {
        var settings = new Dictionary<string, MechanismSetting>(StringComparer.Ordinal);
        foreach (var (key, dto) in mechanisms ?? [])
        {
            var entry = catalog.Find(key.Text) ?? throw f.Error(
                key,
                $"unknown mechanism '{key.Text}'",
                ClosestMatch.Suggestion(key.Text, catalog.Names) + "valid mechanisms: " + string.Join(", ", catalog.Names));
            settings.Add(entry.Name, Read(entry, key, dto));
        }

        return new MechanismSet(catalog, settings);
    }

    private MechanismSetting Read(MechanismEntry entry, YamlValue key, MechanismValueDto dto) => dto switch
    {
        ScalarValueDto s when entry.Kind == MechanismKind.Distribution =>
            new(entry, null, InBounds(entry, new ConstantDistribution(Scalar(entry, s.Value)), s.Value), null, f.At(s.Value)),
        ScalarValueDto s => new(entry, Scalar(entry, s.Value), null, null, f.At(s.Value)),
        DistributionDto d when entry.Kind == MechanismKind.Distribution =>
            new(entry, null, InBounds(entry, distributions.Read(d), d.Type!), null, f.At(d.Type!)),
        DistributionDto d => throw f.Error(
            d.Type!, $"'{entry.Name}' is a {Describe(entry.Kind)}, not a distribution", $"expected {Expected(entry)}"),
        FittedValueDto v when entry.Kind != MechanismKind.Distribution => Fitted(entry, key, v),
        FittedValueDto v => throw f.Error(
            v.Value!, $"'{entry.Name}' is a distribution; a fitted mapping holds one number", "expected a distribution mapping with 'type:'"),
        _ => throw new InvalidOperationException(dto.GetType().Name),
    };

    private double Scalar(MechanismEntry entry, YamlValue value)
    {
        if (value.IsEmpty)
        {
            throw f.Error(value, $"no value given for '{entry.Name}'", $"expected {Expected(entry)}");
        }

        var x = f.Quantity(value, entry.Name, entry.Unit, entry.Lower, entry.Upper);
        if (entry.Kind == MechanismKind.Count && x != Math.Floor(x))
        {
            throw f.Error(value, $"'{entry.Name}' = {value.Text} is not a whole number", $"expected {Expected(entry)}");
        }

        return x;
    }

    private Distribution InBounds(MechanismEntry entry, Distribution d, YamlValue at)
    {
        if (!(d.Mean >= entry.Lower && d.Mean <= entry.Upper))
        {
            throw f.Error(at, $"'{entry.Name}' has mean {d.Mean.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} us, out of range",
                $"expected a mean in {YamlFieldReader.Format(entry.Lower)}..{YamlFieldReader.Format(entry.Upper)} us");
        }

        return d;
    }

    private MechanismSetting Fitted(MechanismEntry entry, YamlValue key, FittedValueDto v)
    {
        var value = Scalar(entry, f.Required(v.Value, "value", key, entry.Name));
        var sd = v.Sd is null ? (double?)null : f.Quantity(v.Sd, "sd", entry.Unit, 0);
        var lower = v.Lower is null ? (double?)null : f.Quantity(v.Lower, "lower", entry.Unit, entry.Lower, entry.Upper);
        var upper = v.Upper is null ? (double?)null : f.Quantity(v.Upper, "upper", entry.Unit, entry.Lower, entry.Upper);
        if (lower > value)
        {
            throw f.Error(v.Lower!, $"fit lower bound {YamlFieldReader.Format(lower.Value)} is above the value {YamlFieldReader.Format(value)}");
        }

        if (upper < value)
        {
            throw f.Error(v.Upper!, $"fit upper bound {YamlFieldReader.Format(upper.Value)} is below the value {YamlFieldReader.Format(value)}");
        }

        var provenance = v.Provenance is null
            ? null
            : new FitProvenance(
                f.OptionalText(v.Provenance.Data),
                v.Provenance.Seed is null || v.Provenance.Seed.IsEmpty ? null : f.ULong(v.Provenance.Seed, "seed"),
                f.OptionalText(v.Provenance.Date),
                f.OptionalText(v.Provenance.Objective));
        return new MechanismSetting(entry, value, null, new FitInfo(sd, lower, upper, provenance), f.At(v.Value!));
    }

    private static string Describe(MechanismKind kind) => kind switch
    {
        MechanismKind.Duration => "fixed duration",
        MechanismKind.RatePerS => "rate per second",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Expected(MechanismEntry entry)
    {
        var range = $"{YamlFieldReader.Format(entry.Lower)}..{YamlFieldReader.Format(entry.Upper)}";
        return entry.Kind switch
        {
            MechanismKind.Duration => $"a duration in {range} us (e.g. 2500 or 2.5ms), or a fitted mapping",
            MechanismKind.Distribution => $"a distribution with mean in {range} us, or a fixed duration",
            MechanismKind.Count => $"a whole number in {range}, or a fitted mapping",
            _ => $"a number in {range}, or a fitted mapping",
        };
    }
}
