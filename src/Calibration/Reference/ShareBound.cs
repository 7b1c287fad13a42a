using System.Globalization;
using System.Text.RegularExpressions;

namespace XenSwitchSim.Calibration.Reference;

public enum BoundKind
{
    Exactly,
    AtLeast,
    AtMost,
}

/// <summary>
/// A share as the paper states it: a number (<c>0.007</c>) or a bound (<c>"&gt;= 0.98"</c>).
/// </summary>
public sealed partial record ShareBound(BoundKind Kind, double Value)
{
    [GeneratedRegex(@"^\s*(?<op>>=|<=)?\s*(?<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*$")]
    private static partial Regex Grammar();

    public static bool TryParse(string text, out ShareBound? bound)
    {
        bound = null;
        var m = Grammar().Match(text);
        if (!m.Success)
        {
            return false;
        }

        var value = double.Parse(m.Groups["num"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!(value >= 0 && value <= 1))
        {
            return false;
        }

        var kind = m.Groups["op"].Value switch
        {
            ">=" => BoundKind.AtLeast,
            "<=" => BoundKind.AtMost,
            _ => BoundKind.Exactly,
        };
        bound = new ShareBound(kind, value);
        return true;
    }

    /// <summary>Whether a simulated share is consistent with what the paper states.</summary>
    public bool Admits(double share, double exactTolerance = 0) => Kind switch
    {
        BoundKind.AtLeast => share >= Value,
        BoundKind.AtMost => share <= Value,
        _ => Math.Abs(share - Value) <= exactTolerance,
    };

    public override string ToString() => Kind switch
    {
        BoundKind.AtLeast => $">= {Value.ToString(CultureInfo.InvariantCulture)}",
        BoundKind.AtMost => $"<= {Value.ToString(CultureInfo.InvariantCulture)}",
        _ => Value.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Shares of <c>version</c> hypercall times per decade for one load pattern (Figure 4).</summary>
public sealed record HypercallPattern(string Name, ShareBound ShareIn10UsDecade, ShareBound ShareIn100UsDecade, ShareBound ShareIn1000UsDecade);

public sealed record HypercallVersionData(int CallsPerPattern, IReadOnlyDictionary<string, HypercallPattern> Patterns, string? Conclusion);
