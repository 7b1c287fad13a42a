namespace XenSwitchSim.Models.Units;

/// <summary>
/// The unit a key names in its suffix (<c>_us</c>, <c>_ms</c>, <c>_mhz</c>, <c>_mbps</c>...):
/// a bare number under that key is in that unit.
/// </summary>
public static class KeyUnit
{
    private static readonly (string Suffix, Unit Unit)[] Suffixes =
    [
        ("_ns", Unit.Nanoseconds), ("_us", Unit.Microseconds), ("_ms", Unit.Milliseconds), ("_s", Unit.Seconds),
        ("_hz", Unit.Hertz), ("_khz", Unit.Kilohertz), ("_mhz", Unit.Megahertz), ("_ghz", Unit.Gigahertz),
        ("_bps", Unit.BitsPerSecond), ("_kbps", Unit.KilobitsPerSecond), ("_mbps", Unit.MegabitsPerSecond),
        ("_gbps", Unit.GigabitsPerSecond),
    ];

    /// <summary>The unit of <paramref name="key"/>, or <see cref="Unit.None"/> for a plain number.</summary>
    public static Unit Of(string key)
    {
        var k = key.ToLowerInvariant();

        // "..._per_s" is a rate (a plain number per second), not a duration in seconds.
        if (k.EndsWith("_per_s", StringComparison.Ordinal))
        {
            return Unit.None;
        }

        // The kernel's HZ is a tick frequency.
        if (k == "hz" || k.EndsWith(".hz", StringComparison.Ordinal))
        {
            return Unit.Hertz;
        }

        foreach (var (suffix, unit) in Suffixes)
        {
            if (k.EndsWith(suffix, StringComparison.Ordinal))
            {
                return unit;
            }
        }

        return Unit.None;
    }
}
