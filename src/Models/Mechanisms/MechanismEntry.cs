using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Units;

namespace XenSwitchSim.Models.Mechanisms;

/// <summary>
/// A mechanism parameter the platform model reads: its kind, default, admissible range
/// [<see cref="Lower"/>, <see cref="Upper"/>] (for distributions, of the mean), what it is and
/// where the default comes from.
/// </summary>
public sealed record MechanismEntry
{
    private MechanismEntry(
        string name, MechanismKind kind, double defaultValue, Distribution? defaultDistribution,
        double lower, double upper, string description, string source)
    {
        Name = name;
        Kind = kind;
        DefaultValue = defaultValue;
        DefaultDistribution = defaultDistribution;
        Lower = lower;
        Upper = upper;
        Description = description;
        Source = source;
    }

    public string Name { get; }

    public MechanismKind Kind { get; }

    /// <summary>NaN for <see cref="MechanismKind.Distribution"/>.</summary>
    public double DefaultValue { get; }

    /// <summary>Only for <see cref="MechanismKind.Distribution"/>.</summary>
    public Distribution? DefaultDistribution { get; }

    public double Lower { get; }

    public double Upper { get; }

    public string Description { get; }

    /// <summary>Where the default comes from (a measurement, a source file, an estimate).</summary>
    public string Source { get; }

    /// <summary>The unit of a bare number: us for times, none otherwise.</summary>
    public Unit Unit => Kind is MechanismKind.Duration or MechanismKind.Distribution ? Unit.Microseconds : Unit.None;

    public static MechanismEntry Duration(string name, double defaultUs, double lowerUs, double upperUs, string description, string source) =>
        new(name, MechanismKind.Duration, defaultUs, null, lowerUs, upperUs, description, source);

    public static MechanismEntry Random(string name, Distribution @default, double lowerMeanUs, double upperMeanUs, string description, string source) =>
        new(name, MechanismKind.Distribution, double.NaN, @default, lowerMeanUs, upperMeanUs, description, source);

    public static MechanismEntry Fraction(string name, double @default, string description, string source) =>
        new(name, MechanismKind.Fraction, @default, null, 0, 1, description, source);

    public static MechanismEntry Count(string name, int @default, int lower, int upper, string description, string source) =>
        new(name, MechanismKind.Count, @default, null, lower, upper, description, source);

    public static MechanismEntry RatePerS(string name, double @default, double lower, double upper, string description, string source) =>
        new(name, MechanismKind.RatePerS, @default, null, lower, upper, description, source);

    public static MechanismEntry Ratio(string name, double @default, double lower, double upper, string description, string source) =>
        new(name, MechanismKind.Ratio, @default, null, lower, upper, description, source);

    /// <summary>Why this entry is malformed, or null.</summary>
    internal string? Problem()
    {
        var suffix = Kind switch
        {
            MechanismKind.Duration or MechanismKind.Distribution => "_us",
            MechanismKind.RatePerS => "_per_s",
            _ => null,
        };
        if (suffix is not null && !Name.EndsWith(suffix, StringComparison.Ordinal))
        {
            return $"a {Kind} mechanism's name must end in '{suffix}' (the unit of a bare number)";
        }

        if (!(Lower <= Upper))
        {
            return $"lower bound {Lower} above upper bound {Upper}";
        }

        var value = Kind == MechanismKind.Distribution ? DefaultDistribution!.Mean : DefaultValue;
        if (!(value >= Lower && value <= Upper))
        {
            return $"default {value} outside [{Lower}, {Upper}]";
        }

        return Kind == MechanismKind.Count && value != Math.Floor(value) ? "a count's default must be whole" : null;
    }
}
