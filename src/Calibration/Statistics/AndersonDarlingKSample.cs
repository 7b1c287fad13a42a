namespace XenSwitchSim.Calibration.Statistics;

/// <summary>Result of the k-sample Anderson-Darling test.</summary>
/// <param name="A2">A²_kN (right-continuous version) or A²_akN (midrank version).</param>
/// <param name="T">Standardised statistic (A² - (k-1))/sigma_N.</param>
/// <param name="SigmaN">Finite-sample standard deviation of A² under the null.</param>
/// <param name="P">Approximate p-value from Scholz &amp; Stephens' interpolation (see remarks on the class).</param>
public sealed record AndersonDarlingKSampleResult(double A2, double T, double SigmaN, double P);

/// <summary>
/// k-sample Anderson-Darling test (Scholz &amp; Stephens 1987, JASA 82:918-924); validate uses k = 2. Hand-written:
/// not in MathNet 5.0.0. Two versions: the right-continuous A²_kN of their eq. (6), and the midrank A²_akN of
/// eq. (7) which is the recommended one when the data have ties (timings recorded in whole microseconds do).
/// p-value: their Table 2 gives critical points t_m(alpha) = b0 + b1/sqrt(m) + b2/m (m = k-1) of the standardised T
/// for alpha = 0.25, 0.10, 0.05, 0.025, 0.01 (0.005 and 0.001 as extended in SciPy); ln alpha is interpolated as a
/// quadratic in t through these points (least squares), as the paper suggests and SciPy does. Outside the table the
/// p-value is clamped to [0.001, 0.25]: beyond it the quadratic is an extrapolation we do not trust, and for a
/// pass/fail at 0.05 the clamp loses nothing.
/// </summary>
public static class AndersonDarlingKSample
{
    private static readonly double[] Alpha = { 0.25, 0.10, 0.05, 0.025, 0.01, 0.005, 0.001 };
    private static readonly double[] B0 = { 0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085 };
    private static readonly double[] B1 = { -0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615 };
    private static readonly double[] B2 = { -0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154 };

    public static AndersonDarlingKSampleResult TwoSample(ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool midrank = true) =>
        Test(new[] { a.ToArray(), b.ToArray() }, midrank);

    public static AndersonDarlingKSampleResult Test(IReadOnlyList<double[]> samples, bool midrank = true)
    {
        ArgumentNullException.ThrowIfNull(samples);
        int k = samples.Count;
        if (k < 2 || samples.Any(s => s.Length == 0))
        {
            throw new ArgumentException("need at least two non-empty samples", nameof(samples));
        }

        var sorted = samples.Select(s => EmpiricalQuantile.SortedCopy(s)).ToArray();
        var pooled = sorted.SelectMany(s => s).ToArray();
        Array.Sort(pooled);
        int n = pooled.Length;
        if (n < 4)
        {
            throw new ArgumentException("need at least four observations in total", nameof(samples));
        }

        // Distinct pooled values z*_j and their multiplicities l_j.
        var distinct = new List<double>();
        var mult = new List<int>();
        foreach (double v in pooled)
        {
            if (distinct.Count > 0 && distinct[^1] == v)
            {
                mult[^1]++;
            }
            else
            {
                distinct.Add(v);
                mult.Add(1);
            }
        }

        double a2 = midrank ? Midrank(sorted, distinct, mult, n) : RightContinuous(sorted, distinct, mult, n);
        double sigma = Math.Sqrt(NullVariance(sorted.Select(s => s.Length).ToArray(), n));
        double t = (a2 - (k - 1)) / sigma;
        return new AndersonDarlingKSampleResult(a2, t, sigma, PValue(t, k - 1));
    }

    /// <summary>A²_kN = Σ_i (1/n_i)·Σ_{j&lt;L} (l_j/N)·(N·M_ij - n_i·B_j)² / (B_j·(N - B_j)), B_j = l_1 + ... + l_j.</summary>
    private static double RightContinuous(double[][] samples, List<double> z, List<int> l, int n)
    {
        double total = 0;
        foreach (var s in samples)
        {
            double inner = 0;
            int b = 0, m = 0;
            for (int j = 0; j < z.Count - 1; j++)
            {
                b += l[j];
                while (m < s.Length && s[m] <= z[j])
                {
                    m++;
                }

                double diff = (double)n * m - (double)s.Length * b;
                inner += l[j] / (double)n * diff * diff / ((double)b * (n - b));
            }

            total += inner / s.Length;
        }

        return total;
    }

    /// <summary>
    /// A²_akN = ((N-1)/N)·Σ_i (1/n_i)·Σ_j (l_j/N)·(N·M_aij - n_i·B_aj)² / (B_aj·(N - B_aj) - N·l_j/4), with
    /// midranks M_aij = M_ij - f_ij/2 and B_aj = B_j - l_j/2 (f_ij = number of sample-i values equal to z*_j).
    /// </summary>
    private static double Midrank(double[][] samples, List<double> z, List<int> l, int n)
    {
        double total = 0;
        foreach (var s in samples)
        {
            double inner = 0;
            int b = 0, below = 0;
            for (int j = 0; j < z.Count; j++)
            {
                b += l[j];
                int equal = 0;
                while (below + equal < s.Length && s[below + equal] == z[j])
                {
                    equal++;
                }

                double ma = below + equal / 2.0;
                double ba = b - l[j] / 2.0;
                double diff = n * ma - s.Length * ba;
                inner += l[j] / (double)n * diff * diff / (ba * (n - ba) - n * l[j] / 4.0);
                below += equal;
            }

            total += inner / s.Length;
        }

        return total * (n - 1) / n;
    }

    /// <summary>Var(A²_kN) under the null, Scholz &amp; Stephens eq. (4).</summary>
    private static double NullVariance(int[] sizes, int n)
    {
        int k = sizes.Length;
        double hSmall = 0;
        for (int i = 1; i < n; i++)
        {
            hSmall += 1.0 / i;
        }

        double hBig = sizes.Sum(s => 1.0 / s);
        // g = Σ_{i=1}^{N-2} Σ_{j=i+1}^{N-1} 1/((N-i)·j) = Σ_i (h_{N-1} - h_i)/(N-i), h_m the harmonic numbers:
        // O(N) instead of the O(N²) double sum, which matters for predictive samples of 10^5 runs.
        double g = 0, hi = 0;
        for (int i = 1; i <= n - 2; i++)
        {
            hi += 1.0 / i;
            g += (hSmall - hi) / (n - i);
        }

        double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * hBig;
        double b = (2 * g - 4) * k * k + 8 * hSmall * k + (2 * g - 14 * hSmall - 4) * hBig - 8 * hSmall + 4 * g - 6;
        double c = (6 * hSmall + 2 * g - 2) * k * k + (4 * hSmall - 4 * g + 6) * k + (2 * hSmall - 6) * hBig + 4 * hSmall;
        double d = (2 * hSmall + 6) * k * k - 4 * hSmall * k;
        double nn = n;
        return (a * nn * nn * nn + b * nn * nn + c * nn + d) / ((nn - 1) * (nn - 2) * (nn - 3));
    }

    /// <summary>ln p from a least-squares quadratic in t through the table's (t_m(alpha), ln alpha) points.</summary>
    internal static double PValue(double t, int m)
    {
        int q = Alpha.Length;
        var crit = new double[q];
        for (int i = 0; i < q; i++)
        {
            crit[i] = B0[i] + B1[i] / Math.Sqrt(m) + B2[i] / m;
        }

        if (t <= crit[0])
        {
            return Alpha[0];
        }

        if (t >= crit[^1])
        {
            return Alpha[^1];
        }

        var logAlpha = Alpha.Select(a => Math.Log(a)).ToArray();
        double[] coef = MathNet.Numerics.Fit.Polynomial(crit, logAlpha, 2);
        return Math.Clamp(Math.Exp(coef[0] + coef[1] * t + coef[2] * t * t), Alpha[^1], Alpha[0]);
    }
}
