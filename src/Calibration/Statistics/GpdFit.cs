using MathNet.Numerics.Distributions;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// A maximum-likelihood GPD fit to excesses, with profile-likelihood intervals (chi-square 1 df) for the shape, for
/// a return level and for an exceedance probability. Intervals here are conditional on the threshold (no rate zeta);
/// <see cref="PotModel"/> adds zeta.
/// </summary>
public sealed class GpdFit
{
    internal GpdFit(GpdSample sample, double sigmaScaled, double xi, double logLikScaled, bool converged, double? shapeFloor, double unconstrainedXi)
    {
        Sample = sample;
        ShapeFloor = shapeFloor;
        UnconstrainedXi = unconstrainedXi;
        SigmaScaled = sigmaScaled;
        Xi = xi;
        LogLikScaled = logLikScaled;
        Converged = converged;
    }

    /// <summary>Scale in the excesses' own unit (us).</summary>
    public double Sigma => SigmaScaled * Sample.Scale;

    public double Xi { get; }

    /// <summary>The smallest shape the fit was allowed (null: none beyond xi &gt; -1). See <see cref="PotOptions.ShapeFloor"/>.</summary>
    public double? ShapeFloor { get; }

    /// <summary>The shape of the unconstrained MLE; differs from <see cref="Xi"/> only when the floor was active.</summary>
    public double UnconstrainedXi { get; }

    /// <summary>True when the shape sits on its floor (the data alone would have given a lighter tail).</summary>
    public bool AtShapeFloor => ShapeFloor is double f && Xi <= f;

    /// <summary>Log-likelihood at the MLE in the excesses' unit (includes the -m·log(scale) Jacobian).</summary>
    public double LogLikelihood => LogLikScaled - Sample.Count * Math.Log(Sample.Scale);

    /// <summary>True when Nelder-Mead met its tolerance on both passes and xi is not pinned at the -1 boundary.</summary>
    public bool Converged { get; }

    public int Count => Sample.Count;

    public GeneralizedPareto Distribution => new(Sigma, Xi);

    internal GpdSample Sample { get; }

    internal double SigmaScaled { get; }

    internal double LogLikScaled { get; }

    internal static double Critical(double confidence) => ChiSquared.InvCDF(1, confidence);

    /// <summary>
    /// Profile interval for xi. For fixed xi the likelihood's scale equation, mean(z/(sigma + xi z)) = 1/(1+xi), has a
    /// unique root (its left side decreases in sigma), so the profile is exact up to root-finding accuracy. The
    /// interval is clipped to (-1, 10] (or [floor, 10]): below -1 no MLE exists, a shape above 10 is meaningless
    /// for latencies.
    /// </summary>
    public Bounds XiInterval(double confidence = 0.95)
    {
        double crit = Critical(confidence);
        double Deviance(double xi) => 2 * (LogLikScaled - ProfileLogLikXi(xi));
        return ProfileSearch.Interval(Deviance, Xi, crit, 0.05, ShapeFloor ?? -1 + 1e-9, 10);
    }

    /// <summary>
    /// The excess with conditional survival q (return level above the threshold) with its profile interval:
    /// the target is made a parameter by sigma = z/g(xi, q) and the likelihood is profiled over xi.
    /// </summary>
    public Interval ReturnLevel(double q, double confidence = 0.95)
    {
        if (!(q > 0 && q < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "q must be in (0, 1)");
        }

        double zHat = SigmaScaled * GeneralizedPareto.ExcessFactor(Xi, q);
        var profile = new CurveProfile(Sample, Xi, ShapeFloor);
        double Deviance(double t) => 2 * (LogLikScaled - profile.MaxLogLikelihood(Math.Exp(t), q));
        double tHat = Math.Log(zHat);
        var b = ProfileSearch.Interval(Deviance, tHat, Critical(confidence), 0.1, tHat - 60, tHat + 60);
        double s = Sample.Scale;
        return new Interval(zHat * s, Math.Exp(b.Lower) * s, UnboundedAbove(b.Upper, tHat + 60) ? double.PositiveInfinity : Math.Exp(b.Upper) * s);
    }

    /// <summary>Conditional survival probability P(Y &gt; y) with its profile interval (target: log q at fixed y).</summary>
    public Interval ExceedanceProbability(double y, double confidence = 0.95)
    {
        if (!(y > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, "y must be positive");
        }

        double zScaled = y / Sample.Scale;
        double qHat = new GeneralizedPareto(SigmaScaled, Xi).Survival(zScaled);
        var profile = new CurveProfile(Sample, Xi, ShapeFloor);
        double Deviance(double t) => 2 * (LogLikScaled - profile.MaxLogLikelihood(zScaled, Math.Exp(t)));
        double tHat = Math.Log(Math.Max(qHat, 1e-300));
        var b = ProfileSearch.Interval(Deviance, tHat, Critical(confidence), 0.2, Math.Log(1e-300), -1e-12);
        return new Interval(qHat, Math.Exp(b.Lower), Math.Exp(b.Upper));
    }

    /// <summary>Profile log-likelihood at a fixed shape, in the excesses' unit (comparable with <see cref="LogLikelihood"/>).</summary>
    public double ProfileLogLikelihood(double xi) => ProfileLogLikXi(xi) - Sample.Count * Math.Log(Sample.Scale);

    /// <summary>Profile log-likelihood (scaled data) at a fixed shape.</summary>
    internal double ProfileLogLikXi(double xi)
    {
        if (!(xi > -1))
        {
            return double.NegativeInfinity;
        }

        return -Sample.NegLogLik(SigmaGivenXi(xi), xi);
    }

    internal double SigmaGivenXi(double xi) => Sample.SigmaGivenXi(xi);

    private static bool UnboundedAbove(double upper, double limit) => upper >= limit;
}
