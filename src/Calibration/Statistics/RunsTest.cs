using MathNet.Numerics.Distributions;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Wald-Wolfowitz runs test about the median (the original MBPTA independence test, Cucu-Grosjean et al. 2012):
/// values equal to the median are dropped, the rest are marked above/below, R = number of runs,
/// E[R] = 2·n1·n2/N + 1, Var[R] = 2·n1·n2·(2·n1·n2 - N)/(N²·(N-1)), two-sided normal p for z = (R - E)/sd.
/// Hand-written: not in MathNet 5.0.0.
/// </summary>
public static class RunsTest
{
    public static TestResult AboutMedian(ReadOnlySpan<double> series)
    {
        if (series.Length < 2)
        {
            throw new ArgumentException("need at least two observations", nameof(series));
        }

        double median = EmpiricalQuantile.R7(EmpiricalQuantile.SortedCopy(series), 0.5);
        int n1 = 0, n2 = 0, runs = 0;
        int last = 0;
        foreach (double x in series)
        {
            int side = x > median ? 1 : x < median ? -1 : 0;
            if (side == 0)
            {
                continue;
            }

            if (side == 1)
            {
                n1++;
            }
            else
            {
                n2++;
            }

            if (side != last)
            {
                runs++;
                last = side;
            }
        }

        double total = n1 + n2;
        if (n1 == 0 || n2 == 0 || total < 3)
        {
            return new TestResult("runs(median)", runs, 1);
        }

        double expected = 2.0 * n1 * n2 / total + 1;
        double variance = 2.0 * n1 * n2 * (2.0 * n1 * n2 - total) / (total * total * (total - 1));
        double z = (runs - expected) / Math.Sqrt(variance);
        return new TestResult("runs(median)", z, 2 * Normal.CDF(0, 1, -Math.Abs(z)));
    }
}
