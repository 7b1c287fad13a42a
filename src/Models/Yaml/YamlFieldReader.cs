using System.Globalization;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Models.Units;

namespace XenSwitchSim.Models.Yaml;

/// <summary>
/// Converts <see cref="YamlValue"/>s to typed values with errors at the value's position.
/// </summary>
public sealed class YamlFieldReader(string sourceName)
{
    public string SourceName { get; } = sourceName;

    public SourceLocation At(YamlValue value) => value.At(SourceName);

    public InputError Error(YamlValue at, string problem, string? expected = null) => new(At(at), problem, expected);

    /// <summary>The value, or an error at <paramref name="near"/> saying <paramref name="field"/> is missing.</summary>
    public YamlValue Required(YamlValue? value, string field, YamlValue near, string? context = null)
    {
        if (value is null || value.IsEmpty)
        {
            throw new InputError(value is null ? At(near) : At(value), $"missing '{field}'{(context is null ? "" : $" in {context}")}");
        }

        return value;
    }

    public string Text(YamlValue value, string field)
    {
        if (value.IsEmpty)
        {
            throw Error(value, $"no value given for '{field}'", "expected text");
        }

        return value.Text;
    }

    public string? OptionalText(YamlValue? value) => value is null || value.IsEmpty ? null : value.Text;

    public int Int(YamlValue value, string field, int min = int.MinValue, int max = int.MaxValue)
    {
        var range = Range(min, max);
        if (!int.TryParse(value.Text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            throw Error(value, $"invalid value '{value.Text}' for '{field}'", $"expected an integer{range}");
        }

        if (result < min || result > max)
        {
            throw Error(value, $"'{field}' = {result} is out of range", $"expected an integer{range}");
        }

        return result;
    }

    public ulong ULong(YamlValue value, string field)
    {
        var text = value.Text.Trim();
        var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var result)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out result);
        if (!ok)
        {
            throw Error(value, $"invalid value '{value.Text}' for '{field}'", "expected an unsigned 64-bit integer (decimal or 0x hex)");
        }

        return result;
    }

    /// <summary>A number in <paramref name="unit"/>, with suffixes of that dimension accepted, in [min, max].</summary>
    public double Quantity(YamlValue value, string field, Unit unit, double min = double.MinValue, double max = double.MaxValue, bool minExclusive = false)
    {
        if (!QuantityParser.TryParse(value.Text, unit, out var result, out var error))
        {
            throw Error(value, $"invalid value '{value.Text}' for '{field}'", error);
        }

        var tooLow = minExclusive ? result <= min : result < min;
        if (tooLow || result > max)
        {
            throw Error(value, $"'{field}' = {Format(result)}{Suffix(unit)} is out of range", "expected " + Bounds(min, max, minExclusive, unit));
        }

        return result;
    }

    /// <summary>A plain number (no unit).</summary>
    public double Number(YamlValue value, string field, double min = double.MinValue, double max = double.MaxValue, bool minExclusive = false) =>
        Quantity(value, field, Unit.None, min, max, minExclusive);

    public T Keyword<T>(YamlValue value, string field, KeywordSet<T> keywords)
        where T : struct, Enum =>
        keywords.TryParse(value.Text, out var result)
            ? result
            : throw Error(value, $"invalid value '{value.Text}' for '{field}'", $"expected {keywords.Describe()}");

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Suffix(Unit unit) => unit.Symbol.Length == 0 ? "" : $" {unit.Symbol}";

    private static string Range(int min, int max) => (min, max) switch
    {
        (int.MinValue, int.MaxValue) => "",
        (_, int.MaxValue) => $" >= {min}",
        (int.MinValue, _) => $" <= {max}",
        _ => $" in {min}..{max}",
    };

    private static string Bounds(double min, double max, bool minExclusive, Unit unit)
    {
        var low = min == double.MinValue ? null : (minExclusive ? "> " : ">= ") + Format(min) + Suffix(unit);
        var high = max == double.MaxValue ? null : "<= " + Format(max) + Suffix(unit);
        return (low, high) switch
        {
            (null, null) => "a number",
            (string l, null) => l,
            (null, string h) => h,
            _ => minExclusive ? $"{low} and {high}" : $"{Format(min)}..{Format(max)}{Suffix(unit)}",
        };
    }
}
