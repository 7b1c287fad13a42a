namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Excesses over a threshold, rescaled by their mean so that every optimiser works on O(1) numbers whatever the
/// unit (us values around 1e4 would otherwise give Nelder-Mead badly scaled simplices). Log-likelihoods here are
/// on the scaled data; they differ from the unscaled ones by the constant -m·log(scale), which cancels in every
/// likelihood ratio. <see cref="LogLikelihoodUnscaled"/> adds it back for reporting.
/// </summary>
internal sealed class GpdSample
{
    public GpdSample(ReadOnlySpan<double> excesses)
    {
        if (excesses.Length < 2)
        {
            throw new ArgumentException("need at least two excesses", nameof(excesses));
        }

        double sum = 0;
        foreach (double y in excesses)
        {
            if (!(y >= 0) || double.IsInfinity(y))
            {
                throw new ArgumentException("excesses must be finite and non-negative", nameof(excesses));
            }

            sum += y;
        }

        if (!(sum > 0))
        {
            throw new ArgumentException("all excesses are zero", nameof(excesses));
        }

        Scale = sum / excesses.Length;
        Z = new double[excesses.Length];
        for (int i = 0; i < Z.Length; i++)
        {
            Z[i] = excesses[i] / Scale;
        }

        Array.Sort(Z);
        MaxZ = Z[^1];
    }

    /// <summary>Ascending excesses divided by <see cref="Scale"/> (so their mean is 1).</summary>
    public double[] Z { get; }

    public double Scale { get; }

    public double MaxZ { get; }

    public int Count => Z.Length;

    /// <summary>Negative log-likelihood on the scaled data; +infinity outside the parameter space or the support.</summary>
    public double NegLogLik(double sigma, double xi)
    {
        if (!(sigma > 0) || double.IsInfinity(sigma) || !(xi > -1) || double.IsNaN(xi))
        {
            // xi <= -1: the likelihood is unbounded as the endpoint approaches the sample maximum (no MLE exists).
            return double.PositiveInfinity;
        }

        int m = Z.Length;
        if (Math.Abs(xi) < GeneralizedPareto.XiZeroBand)
        {
            double s = 0;
            foreach (double z in Z)
            {
                s += z;
            }

            return m * Math.Log(sigma) + s / sigma;
        }

        if (xi < 0 && 1 + xi * MaxZ / sigma <= 0)
        {
            return double.PositiveInfinity;
        }

        double acc = 0;
        double r = xi / sigma;
        foreach (double z in Z)
        {
            acc += Precise.Log1p(r * z);
        }

        return m * Math.Log(sigma) + (1 + 1 / xi) * acc;
    }

    /// <summary>
    /// The scale that maximises the likelihood at a fixed shape: the root of mean(z/(sigma + xi·z)) = 1/(1+xi), whose
    /// left side decreases in sigma, so the root is unique and the profile over xi is exact up to root accuracy.
    /// </summary>
    public double SigmaGivenXi(double xi)
    {
        if (Math.Abs(xi) < GeneralizedPareto.XiZeroBand)
        {
            return 1; // the scaled data have mean 1, the exponential MLE
        }

        double target = 1 / (1 + xi);
        double F(double sigma)
        {
            double s = 0;
            foreach (double zi in Z)
            {
                s += zi / (sigma + xi * zi);
            }

            return s / Z.Length - target;
        }

        double lo = xi < 0 ? -xi * MaxZ * (1 + 1e-12) + 1e-300 : 1e-12;
        double hi = Math.Max(2, 2 * lo);
        for (int i = 0; i < 200 && F(hi) > 0; i++)
        {
            hi *= 2;
        }

        if (MathNet.Numerics.RootFinding.Brent.TryFindRoot(F, lo, hi, 1e-12 * hi, 500, out double root))
        {
            return root;
        }

        // Bisection fallback: F is monotone, so this always converges.
        for (int i = 0; i < 300; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (F(mid) > 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    public double LogLikelihoodUnscaled(double sigmaUnscaled, double xi) =>
        -NegLogLik(sigmaUnscaled / Scale, xi) - Count * Math.Log(Scale);
}
