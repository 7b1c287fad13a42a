using System.Globalization;

namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// xenalyze's time scale (tools/xentrace/xenalyze.c): it prints
/// <c>t_ns = ((tsc - first_tsc) &lt;&lt; 10) / cpu_qhz</c> with the integer
/// <c>cpu_qhz = (cpu_hz &lt;&lt; 10) / 1e9</c>, so every time is off by the truncation of qhz
/// (55 instead of 55.296 for 54 MHz: 0.54 % too large), on top of any error in the
/// <c>--cpu-hz</c> it was given (default 2.4 GHz).
/// </summary>
public static class XenalyzeTime
{
    /// <summary>xenalyze's DEFAULT_CPU_HZ, used when no --cpu-hz is given.</summary>
    public const ulong DefaultCpuHz = 2_400_000_000;

    /// <summary><c>QHZ_FROM_HZ(hz) = (hz &lt;&lt; 10) / 1000000000</c>, truncated.</summary>
    public static ulong QhzFromHz(ulong hz)
    {
        UInt128 q = ((UInt128)hz << 10) / 1_000_000_000u;
        if (q == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hz), hz, "xenalyze cannot use a cpu_hz below 1 MHz (qhz would be 0)");
        }

        return (ulong)q;
    }

    /// <summary>What xenalyze prints (in ns) for a tick difference, given the hz it was run with.</summary>
    public static ulong XenalyzeNsFromTicks(ulong ticks, ulong hzGivenToXenalyze) =>
        (ulong)(((UInt128)ticks << 10) / QhzFromHz(hzGivenToXenalyze));

    /// <summary>
    /// Ticks behind a xenalyze time: <c>ns * qhz / 1024</c>, rounded. Exact to within qhz/1024 ticks
    /// (xenalyze truncated), i.e. about one tick.
    /// </summary>
    public static ulong TicksFromXenalyzeNs(ulong xenalyzeNs, ulong hzGivenToXenalyze)
    {
        UInt128 qhz = QhzFromHz(hzGivenToXenalyze);
        return (ulong)(((UInt128)xenalyzeNs * qhz + 512) >> 10);
    }

    /// <summary>
    /// True ns behind a time printed by xenalyze run with <paramref name="hzGivenToXenalyze"/> on a trace
    /// whose counter really ran at <paramref name="trueHz"/> (the same value if it was given correctly).
    /// Computed exactly as <c>xenalyzeNs * qhz * 1e9 / (1024 * trueHz)</c>, rounded.
    /// </summary>
    public static ulong TrueNs(ulong xenalyzeNs, ulong hzGivenToXenalyze, ulong? trueHz = null)
    {
        ulong hz = trueHz ?? hzGivenToXenalyze;
        ArgumentOutOfRangeException.ThrowIfZero(hz);
        UInt128 num = (UInt128)xenalyzeNs * QhzFromHz(hzGivenToXenalyze) * 1_000_000_000u;
        UInt128 den = (UInt128)hz << 10;
        return (ulong)((num + (den / 2)) / den);
    }

    /// <summary>The factor true time / xenalyze time (55/55.296 = 0.99465 for 54 MHz given correctly).</summary>
    public static double CorrectionFactor(ulong hzGivenToXenalyze, ulong? trueHz = null) =>
        QhzFromHz(hzGivenToXenalyze) * 1e9 / (1024.0 * (trueHz ?? hzGivenToXenalyze));

    /// <summary>
    /// The integer hz xenalyze derives from a <c>--cpu-hz</c> argument: <c>strtof</c>, then a float
    /// multiply by the G/M/K suffix, truncated (so "2.1G" is 2099999872 Hz; the qhz is the same as for
    /// 2.1e9). Returns false for text xenalyze would reject.
    /// </summary>
    public static bool TryParseCpuHzArgument(string argument, out ulong hz)
    {
        hz = 0;
        string s = argument.Trim();
        float scale = 1f;
        if (s.Length > 0 && char.IsLetter(s[^1]))
        {
            scale = s[^1] switch { 'G' => 1e9f, 'M' => 1e6f, 'K' => 1e3f, _ => 0f };
            if (scale == 0f)
            {
                return false;
            }

            s = s[..^1];
        }

        if (!float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
            || !float.IsFinite(value) || value <= 0)
        {
            return false;
        }

        float product = value * scale;
        if (!float.IsFinite(product) || product >= 1.8e19f)
        {
            return false;
        }

        hz = (ulong)product;
        return hz > 0;
    }
}
