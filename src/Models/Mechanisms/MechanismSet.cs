using XenSwitchSim.Models.Distributions;

namespace XenSwitchSim.Models.Mechanisms;

/// <summary>
/// A model's mechanism values, falling back to the catalogue's defaults for those it does not set.
/// </summary>
public sealed class MechanismSet(MechanismCatalog catalog, IReadOnlyDictionary<string, MechanismSetting> settings)
{
    public MechanismCatalog Catalog { get; } = catalog;

    /// <summary>Only the mechanisms the model file sets.</summary>
    public IReadOnlyDictionary<string, MechanismSetting> Settings { get; } = settings;

    public bool IsSet(string name) => Settings.ContainsKey(Catalog.Get(name).Name);

    /// <summary>The value of a scalar mechanism (duration in us, count, fraction, rate, ratio).</summary>
    public double Value(string name)
    {
        var entry = Catalog.Get(name);
        if (entry.Kind == MechanismKind.Distribution)
        {
            throw new InvalidOperationException($"'{name}' is a distribution; use {nameof(Distribution)}()");
        }

        return Settings.TryGetValue(name, out var s) ? s.Value!.Value : entry.DefaultValue;
    }

    /// <summary>
    /// The distribution of a random mechanism; a fixed duration comes back as a constant, so
    /// callers may sample any time mechanism alike.
    /// </summary>
    public Distribution Distribution(string name)
    {
        var entry = Catalog.Get(name);
        return entry.Kind switch
        {
            MechanismKind.Distribution => Settings.TryGetValue(name, out var s) ? s.Distribution! : entry.DefaultDistribution!,
            MechanismKind.Duration => new ConstantDistribution(Value(name)),
            _ => throw new InvalidOperationException($"'{name}' is a {entry.Kind}, not a time"),
        };
    }
}
