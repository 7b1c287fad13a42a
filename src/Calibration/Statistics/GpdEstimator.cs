namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// GPD estimation from excesses: probability-weighted moments (Hosking &amp; Wallis 1987) as the starting point, then
/// maximum likelihood by MathNet's Nelder-Mead on (log sigma, xi). Nelder-Mead rather than BFGS because the
/// likelihood has a hard support edge for xi &lt; 0 (infinite outside), which derivative methods handle badly
/// (dotnet-toolchain.md §3 records BFGS line-search failures on summed NLLs).
/// </summary>
public static class GpdEstimator
{
    /// <summary>
    /// PWM estimates: with a0 = mean, a1 = (1/m)·Σ (1 - p_i)·y_(i), p_i = (i - 0.35)/m on ascending y,
    /// sigma = 2·a0·a1/(a0 - 2·a1), xi = 2 - a0/(a0 - 2·a1). Defined for xi &lt; 1 and good for xi &lt; 0.5;
    /// used only as the optimiser's start.
    /// </summary>
    public static (double Sigma, double Xi) ProbabilityWeightedMoments(ReadOnlySpan<double> excesses)
    {
        var y = excesses.ToArray();
        Array.Sort(y);
        int m = y.Length;
        double a0 = 0, a1 = 0;
        for (int i = 0; i < m; i++)
        {
            double p = (i + 1 - 0.35) / m;
            a0 += y[i];
            a1 += (1 - p) * y[i];
        }

        a0 /= m;
        a1 /= m;
        double denom = a0 - 2 * a1;
        if (!(denom > 0))
        {
            // Extremely heavy tail (xi >= 1): the PWMs do not exist; start from a heavy exponential-scale guess.
            return (a0, 0.9);
        }

        return (2 * a0 * a1 / denom, 2 - a0 / denom);
    }

    /// <summary>
    /// Maximum-likelihood fit to excesses (all &gt;= 0, at least two, not all zero). With a shape floor, an
    /// unconstrained MLE below it is replaced by the best fit ON the floor (xi = floor, sigma from the exact profile
    /// root); the likelihood has a single maximum in xi in practice, so that is the constrained MLE.
    /// </summary>
    public static GpdFit Fit(ReadOnlySpan<double> excesses, double? shapeFloor = null)
    {
        var sample = new GpdSample(excesses);
        var (sigma0, xi0) = ProbabilityWeightedMoments(sample.Z);
        return Fit(sample, sigma0, xi0, 1e-10, shapeFloor);
    }

    internal static GpdFit Fit(GpdSample sample, double sigma0, double xi0, double tolerance, double? shapeFloor = null)
    {
        if (shapeFloor is double f && !(f > -1))
        {
            throw new ArgumentOutOfRangeException(nameof(shapeFloor), f, "a shape floor must be above -1");
        }

        xi0 = Math.Clamp(double.IsFinite(xi0) ? xi0 : 0, -0.9, 2);
        if (!(sigma0 > 0) || !double.IsFinite(sigma0))
        {
            sigma0 = 1;
        }

        if (xi0 < 0)
        {
            // Keep the start's endpoint -sigma/xi beyond the sample maximum, else it sits at +infinity.
            sigma0 = Math.Max(sigma0, -xi0 * sample.MaxZ * 1.05);
        }

        double Objective(double[] v) => sample.NegLogLik(Math.Exp(v[0]), v[1]) / sample.Count;

        var r = NelderMead.Minimise(Objective, new[] { Math.Log(sigma0), xi0 }, new[] { 0.3, 0.1 }, tolerance, 5000);

        // The exponential fit is closed-form (sigma = mean = 1 on the scaled data); never report anything worse.
        double expValue = Objective(new[] { 0.0, 0.0 });
        double[] point = r.Point;
        double value = r.Value;
        if (!(value <= expValue))
        {
            point = new[] { 0.0, 0.0 };
            value = expValue;
        }

        double sigmaScaled = Math.Exp(point[0]);
        double xi = point[1];
        // Converged in the optimiser's sense and not pinned against xi = -1, where no MLE exists.
        bool converged = r.Converged && xi > -0.999;
        if (shapeFloor is double floor && xi < floor)
        {
            double s = sample.SigmaGivenXi(floor);
            return new GpdFit(sample, s, floor, -sample.NegLogLik(s, floor), true, shapeFloor, xi);
        }

        return new GpdFit(sample, sigmaScaled, xi, -value * sample.Count, converged, shapeFloor, xi);
    }
}
