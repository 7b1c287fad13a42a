namespace XenSwitchSim.Simulator.Engine;

/// <summary>Simulated time is integer nanoseconds (<c>long</c>); these convert at the edges only.</summary>
public static class SimTime
{
    public const long Nanosecond = 1;
    public const long Microsecond = 1_000;
    public const long Millisecond = 1_000_000;
    public const long Second = 1_000_000_000;

    public static long FromUs(double us) => checked((long)Math.Round(us * Microsecond));
    public static long FromMs(double ms) => checked((long)Math.Round(ms * Millisecond));
    public static long FromSeconds(double s) => checked((long)Math.Round(s * Second));
    public static double ToUs(long ns) => ns / (double)Microsecond;
    public static double ToMs(long ns) => ns / (double)Millisecond;
    public static double ToSeconds(long ns) => ns / (double)Second;
}
