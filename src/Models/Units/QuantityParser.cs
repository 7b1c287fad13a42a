using System.Globalization;
using System.Text.RegularExpressions;
using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Models.Units;

/// <summary>
/// Parses values with units: <c>50ms</c>, <c>50000us</c>, <c>0.05s</c>, <c>1200ns</c>,
/// <c>1.5GHz</c>, <c>600MHz</c>, <c>1000Mbps</c>, <c>1Gbps</c>. A bare number is in the
/// expected unit (the key's own unit). Invariant culture; unit symbols are matched without
/// regard to case ("mhz" = "MHz"), and "µs" is accepted for "us".
/// </summary>
public static partial class QuantityParser
{
    [GeneratedRegex(@"^\s*(?<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(?<unit>[A-Za-zµμ/]*)\s*$")]
    private static partial Regex Grammar();

    /// <summary>Parses <paramref name="text"/> and returns it expressed in <paramref name="unit"/>.</summary>
    public static bool TryParse(string text, Unit unit, out double value, out string error)
    {
        value = double.NaN;
        var expected = Unit.Describe(unit.Dimension);
        var match = Grammar().Match(text);
        if (!match.Success)
        {
            error = $"expected {expected}, got '{text}'";
            return false;
        }

        var number = double.Parse(match.Groups["num"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(number))
        {
            error = $"expected {expected}, got '{text}' (out of range)";
            return false;
        }

        var symbol = match.Groups["unit"].Value;
        if (symbol.Length == 0)
        {
            value = number;
            error = "";
            return true;
        }

        var given = Find(symbol);
        if (given is null)
        {
            error = $"unknown unit '{symbol}' in '{text}'; expected {expected}";
            return false;
        }

        if (given.Dimension != unit.Dimension)
        {
            error = $"expected {expected}, got '{text}'";
            return false;
        }

        value = given.ConvertTo(number, unit);
        error = "";
        return true;
    }

    /// <summary>As <see cref="TryParse"/>, throwing <see cref="InputError"/> at <paramref name="where"/>.</summary>
    public static double Parse(string text, Unit unit, SourceLocation where, string what)
    {
        if (!TryParse(text, unit, out var value, out var error))
        {
            throw new InputError(where, $"invalid value for '{what}'", error);
        }

        return value;
    }

    /// <summary>A duration option such as <c>--deadline 50ms</c>; bare numbers are us.</summary>
    public static double ParseDurationUs(string text, SourceLocation where, string what) =>
        Parse(text, Unit.Microseconds, where, what);

    private static Unit? Find(string symbol)
    {
        var s = symbol.Replace('µ', 'u').Replace('μ', 'u');
        return Unit.All.FirstOrDefault(u => string.Equals(u.Symbol, s, StringComparison.OrdinalIgnoreCase));
    }
}
