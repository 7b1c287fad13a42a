using XenSwitchSim.Hardware.Counters;
using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Recording;

/// <summary>
/// <c>hw hypercall</c>: times <c>xc_version(XENVER_version)</c> like the study's Figure 4 (the
/// hypercall does nothing in Xen, so this is the ioctl + HVC round trip), after one warm-up call.
/// </summary>
public static class HypercallBench
{
    public static double[] Run(IXenControl xc, ICounter counter, int runs, CancellationToken cancel = default)
    {
        if (!(counter.Hz > 0)) throw new InvalidOperationException("the counter's frequency is unknown; give --counter-hz");
        xc.VersionHypercall();
        var us = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var a = counter.Read();
            xc.VersionHypercall();
            var b = counter.Read();
            us[i] = (b - a) * 1e6 / counter.Hz;
        }

        return us;
    }

    /// <summary>Shares in the decades of Figure 4: [0,10), [10,100), [100,1000), [1000,10000), >= 10000 us.</summary>
    public static IReadOnlyList<(string Decade, double Share)> Decades(double[] us)
    {
        var edges = new[] { 0.0, 10, 100, 1000, 10000, double.PositiveInfinity };
        var names = new[] { "1us", "10us", "100us", "1000us", "10000us" };
        var result = new List<(string, double)>();
        for (var k = 0; k < names.Length; k++)
        {
            var lo = edges[k];
            var hi = edges[k + 1];
            result.Add((names[k], us.Count(x => x >= lo && x < hi) / (double)us.Length));
        }

        return result;
    }
}
