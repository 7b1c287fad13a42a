namespace XenSwitchSim.Models.Units;

/// <summary>
/// A unit and its factor to its dimension's base (us, Hz, bit/s). Durations are based on
/// microseconds because every duration in the models is in us.
/// </summary>
public sealed record Unit(string Symbol, Dimension Dimension, double FactorToBase)
{
    public static readonly Unit None = new("", Dimension.Dimensionless, 1);

    public static readonly Unit Nanoseconds = new("ns", Dimension.Duration, 1e-3);
    public static readonly Unit Microseconds = new("us", Dimension.Duration, 1);
    public static readonly Unit Milliseconds = new("ms", Dimension.Duration, 1e3);
    public static readonly Unit Seconds = new("s", Dimension.Duration, 1e6);

    public static readonly Unit Hertz = new("Hz", Dimension.Frequency, 1);
    public static readonly Unit Kilohertz = new("kHz", Dimension.Frequency, 1e3);
    public static readonly Unit Megahertz = new("MHz", Dimension.Frequency, 1e6);
    public static readonly Unit Gigahertz = new("GHz", Dimension.Frequency, 1e9);

    public static readonly Unit BitsPerSecond = new("bps", Dimension.Bitrate, 1);
    public static readonly Unit KilobitsPerSecond = new("kbps", Dimension.Bitrate, 1e3);
    public static readonly Unit MegabitsPerSecond = new("Mbps", Dimension.Bitrate, 1e6);
    public static readonly Unit GigabitsPerSecond = new("Gbps", Dimension.Bitrate, 1e9);

    public static IReadOnlyList<Unit> All { get; } =
    [
        Nanoseconds, Microseconds, Milliseconds, Seconds,
        Hertz, Kilohertz, Megahertz, Gigahertz,
        BitsPerSecond, KilobitsPerSecond, MegabitsPerSecond, GigabitsPerSecond,
    ];

    public double ConvertTo(double value, Unit target)
    {
        if (target.Dimension != Dimension)
        {
            throw new ArgumentException($"cannot convert {Symbol} to {target.Symbol}", nameof(target));
        }

        // Same unit: return the value untouched so bare numbers keep their exact digits.
        return ReferenceEquals(this, target) || FactorToBase == target.FactorToBase
            ? value
            : value * FactorToBase / target.FactorToBase;
    }

    public static IEnumerable<Unit> Of(Dimension dimension) => All.Where(u => u.Dimension == dimension);

    /// <summary>"a duration (ns, us, ms, s)" - used in error messages.</summary>
    public static string Describe(Dimension dimension) => dimension switch
    {
        Dimension.Dimensionless => "a plain number",
        Dimension.Duration => $"a duration ({Symbols(dimension)})",
        Dimension.Frequency => $"a frequency ({Symbols(dimension)})",
        Dimension.Bitrate => $"a bit rate ({Symbols(dimension)})",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    private static string Symbols(Dimension dimension) => string.Join(", ", Of(dimension).Select(u => u.Symbol));

    public override string ToString() => Symbol;
}
