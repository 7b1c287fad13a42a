
namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Generalized Pareto distribution of an excess y = x - u &gt;= 0 over a threshold:
/// S(y) = (1 + xi·y/sigma)^(-1/xi), with the exponential S(y) = exp(-y/sigma) as the xi -> 0 limit and a finite upper
/// endpoint -sigma/xi when xi &lt; 0. Hand-written because MathNet.Numerics 5.0.0 has no GPD (dotnet-toolchain.md §3).
/// Everything goes through log1p/expm1 so that xi near 0 and tiny tail probabilities (1e-12) keep their precision.
/// </summary>
public readonly record struct GeneralizedPareto
{
    /// <summary>|xi| below this is treated with the second-order expansion around the exponential limit.</summary>
    public const double XiZeroBand = 1e-7;

    public GeneralizedPareto(double sigma, double xi)
    {
        if (!(sigma > 0) || double.IsInfinity(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be positive and finite");
        }

        if (double.IsNaN(xi) || double.IsInfinity(xi))
        {
            throw new ArgumentOutOfRangeException(nameof(xi), xi, "xi must be finite");
        }

        Sigma = sigma;
        Xi = xi;
    }

    public double Sigma { get; }

    public double Xi { get; }

    public double UpperEndpoint => Xi < 0 ? -Sigma / Xi : double.PositiveInfinity;

    public double LogSurvival(double y)
    {
        if (y <= 0)
        {
            return 0;
        }

        if (y >= UpperEndpoint)
        {
            return double.NegativeInfinity;
        }

        return -Log1pOverXi(Xi, y / Sigma);
    }

    public double Survival(double y) => Math.Exp(LogSurvival(y));

    public double Cdf(double y) => -Precise.Expm1(LogSurvival(y));

    public double LogPdf(double y)
    {
        if (y < 0 || y >= UpperEndpoint)
        {
            return double.NegativeInfinity;
        }

        double t = y / Sigma;
        // log f = -log sigma - (1 + 1/xi)·log1p(xi t) = -log sigma - log1p(xi t) - log1p(xi t)/xi
        return -Math.Log(Sigma) - Precise.Log1p(Xi * t) - Log1pOverXi(Xi, t);
    }

    public double Pdf(double y) => Math.Exp(LogPdf(y));

    /// <summary>The excess whose survival probability is q (the "return level" above the threshold), q in (0, 1].</summary>
    public double InverseSurvival(double q)
    {
        if (!(q > 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "q must be in (0, 1]");
        }

        return Sigma * ExcessFactor(Xi, q);
    }

    /// <summary>Quantile at CDF level p (use <see cref="InverseSurvival"/> for tail probabilities: 1-p loses digits).</summary>
    public double Quantile(double p) => InverseSurvival(1 - p);

    public double LogLikelihood(ReadOnlySpan<double> excesses)
    {
        double sum = 0;
        foreach (double y in excesses)
        {
            sum += LogPdf(y);
        }

        return sum;
    }

    /// <summary>Draws by inversion from a uniform in (0, 1].</summary>
    public double Sample(Random rng) => InverseSurvival(1 - rng.NextDouble());

    /// <summary>log1p(xi·t)/xi, continuous through xi = 0 where it equals t.</summary>
    internal static double Log1pOverXi(double xi, double t)
    {
        if (Math.Abs(xi) < XiZeroBand)
        {
            return t - xi * t * t / 2;
        }

        return Precise.Log1p(xi * t) / xi;
    }

    /// <summary>g(xi, q) = (q^(-xi) - 1)/xi = expm1(-xi·ln q)/xi: the excess in units of sigma at survival q.</summary>
    internal static double ExcessFactor(double xi, double q)
    {
        double l = -Math.Log(q);
        if (Math.Abs(xi) < XiZeroBand)
        {
            return l * (1 + xi * l / 2);
        }

        return Precise.Expm1(xi * l) / xi;
    }
}
