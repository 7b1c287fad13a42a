using XenSwitchSim.Models.Units;

namespace XenSwitchSim.Models.Parameters;

/// <summary>
/// One scenario key: its type and range, meaning and unit, and how it is read from text and
/// written into <see cref="ScenarioParameters"/>.
/// </summary>
public sealed class ParameterSpec
{
    private readonly Func<string, (object? Value, string? Error)> parse;
    private readonly Func<object?, string> format;
    private readonly Func<ScenarioParameters, object?> get;
    private readonly Func<ScenarioParameters, object?, ScenarioParameters> set;

    internal ParameterSpec(
        string key,
        ParameterKind kind,
        string values,
        string meaning,
        Unit unit,
        IReadOnlyList<string> keywords,
        Func<string, (object? Value, string? Error)> parse,
        Func<object?, string> format,
        Func<ScenarioParameters, object?> get,
        Func<ScenarioParameters, object?, ScenarioParameters> set)
    {
        Key = key;
        Kind = kind;
        Values = values;
        Meaning = meaning;
        Unit = unit;
        Keywords = keywords;
        this.parse = parse;
        this.format = format;
        this.get = get;
        this.set = set;
    }

    public string Key { get; }

    public ParameterKind Kind { get; }

    /// <summary>What is accepted, e.g. <c>1-4</c>, <c>credit2 | null | credit</c>, <c>1-pCPUs or auto</c>.</summary>
    public string Values { get; }

    public string Meaning { get; }

    /// <summary>The unit of a bare number (from the key's suffix); <see cref="Unit.None"/> for plain numbers.</summary>
    public Unit Unit { get; }

    /// <summary>Keywords accepted (enum names, or <c>auto</c> / <c>from-model</c>).</summary>
    public IReadOnlyList<string> Keywords { get; }

    /// <summary>The default's canonical text.</summary>
    public string Default => Format(ScenarioParameters.Defaults);

    public string Format(ScenarioParameters parameters) => format(get(parameters));

    internal string FormatValue(object? value) => format(value);

    internal (object? Value, string? Error) Parse(string text) => parse(text);

    internal ScenarioParameters Set(ScenarioParameters parameters, object? value) => set(parameters, value);

    public override string ToString() => $"{Key} ({Values}, default {Default})";
}
