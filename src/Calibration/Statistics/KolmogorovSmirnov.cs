namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Two-sample Kolmogorov-Smirnov test. D = sup |F1 - F2| over the pooled values (ties handled by stepping over equal
/// values in both samples before comparing). Asymptotic p with Stephens' small-sample correction:
/// lambda = (sqrt(ne) + 0.12 + 0.11/sqrt(ne))·D, ne = n1·n2/(n1+n2), p = Q_KS(lambda).
/// Hand-written: MathNet 5.0.0 has no KS (dotnet-toolchain.md §3).
/// </summary>
public static class KolmogorovSmirnov
{
    public static TestResult TwoSample(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            throw new ArgumentException("both samples must be non-empty");
        }

        double[] x = EmpiricalQuantile.SortedCopy(a);
        double[] y = EmpiricalQuantile.SortedCopy(b);
        double d = Statistic(x, y);
        double ne = (double)x.Length * y.Length / (x.Length + y.Length);
        double sq = Math.Sqrt(ne);
        double lambda = (sq + 0.12 + 0.11 / sq) * d;
        return new TestResult("kolmogorov-smirnov-2", d, QKs(lambda));
    }

    /// <summary>D of two ascending samples.</summary>
    internal static double Statistic(double[] x, double[] y)
    {
        int i = 0, j = 0;
        double d = 0;
        while (i < x.Length && j < y.Length)
        {
            double v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] == v)
            {
                i++;
            }

            while (j < y.Length && y[j] == v)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }

        return d;
    }

    /// <summary>
    /// Kolmogorov's survival function Q(lambda) = 2·Σ_{j>=1} (-1)^(j-1)·exp(-2 j² lambda²). For lambda &lt; 1.18 the
    /// alternating series converges slowly, so the equivalent theta-function form
    /// 1 - (sqrt(2π)/lambda)·Σ exp(-(2j-1)² π² / (8 lambda²)) is used there.
    /// </summary>
    public static double QKs(double lambda)
    {
        if (lambda <= 0)
        {
            return 1;
        }

        if (lambda < 1.18)
        {
            double y = Math.Exp(-Math.PI * Math.PI / (8 * lambda * lambda));
            double sum = 0;
            for (int j = 1; j <= 7; j++)
            {
                int k = 2 * j - 1;
                sum += Math.Pow(y, k * k);
            }

            return Math.Clamp(1 - Math.Sqrt(2 * Math.PI) / lambda * sum, 0, 1);
        }

        double s = 0;
        for (int j = 1; j <= 100; j++)
        {
            double term = Math.Exp(-2.0 * j * j * lambda * lambda);
            s += (j % 2 == 1 ? 1 : -1) * term;
            if (term < 1e-17)
            {
                break;
            }
        }

        return Math.Clamp(2 * s, 0, 1);
    }
}
