namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// A peaks-over-threshold model of the upper tail: P(X &gt; d) = zeta_u·(1 + xi·(d-u)/sigma)^(-1/xi) for d &gt; u, with
/// zeta_u = k/n the fraction of the sample above u and a GPD (sigma, xi) for the k excesses.
/// Intervals are joint profile-likelihood intervals of the POT likelihood Binomial(k; n, zeta) × GPD(excesses):
/// the target (a tail probability at d, or the level with tail probability p) is made a parameter and the likelihood
/// is maximised over (zeta, xi) with sigma implied (see CurveProfile). The binomial uncertainty of zeta and the GPD
/// uncertainty are therefore combined by the likelihood itself (chi-square 1 df), not by adding widths.
/// </summary>
public sealed class PotModel
{
    public PotModel(double threshold, int n, GpdFit gpd)
    {
        ArgumentNullException.ThrowIfNull(gpd);
        if (gpd.Count >= n)
        {
            throw new ArgumentException("the threshold must leave some sample values below it", nameof(n));
        }

        Threshold = threshold;
        N = n;
        Gpd = gpd;
    }

    public double Threshold { get; }

    public int N { get; }

    public int NExceed => Gpd.Count;

    /// <summary>zeta_u = k/n, the MLE of the exceedance rate.</summary>
    public double Zeta => (double)NExceed / N;

    public GpdFit Gpd { get; }

    /// <summary>
    /// Fits the GPD to the values of an ascending sample strictly above <paramref name="threshold"/>, with the shape
    /// floored at <paramref name="shapeFloor"/> (default 0, see <see cref="PotOptions.ShapeFloor"/>; null for none).
    /// </summary>
    public static PotModel Fit(double[] sorted, double threshold, double? shapeFloor = PotOptions.DefaultShapeFloor)
    {
        int k = EmpiricalQuantile.CountAbove(sorted, threshold);
        if (k < 2)
        {
            throw new ArgumentException("fewer than two values above the threshold", nameof(threshold));
        }

        var excesses = new double[k];
        for (int i = 0; i < k; i++)
        {
            excesses[i] = sorted[sorted.Length - k + i] - threshold;
        }

        return new PotModel(threshold, sorted.Length, GpdEstimator.Fit(excesses, shapeFloor));
    }

    public double TailProbabilityEstimate(double d)
    {
        RequireAboveThreshold(d);
        return Zeta * Gpd.Distribution.Survival(d - Threshold);
    }

    /// <summary>P(X &gt; d) for d above the threshold, with its joint profile interval.</summary>
    public Interval TailProbability(double d, double confidence = 0.95)
    {
        RequireAboveThreshold(d);
        double zScaled = (d - Threshold) / Gpd.Sample.Scale;
        double pHat = TailProbabilityEstimate(d);
        var profile = new CurveProfile(Gpd.Sample, Gpd.Xi, Gpd.ShapeFloor, NExceed, N, withZeta: true);
        double lHat = JointLogLikelihoodAtMle();
        double Deviance(double t) => 2 * (lHat - profile.MaxLogLikelihood(zScaled, Math.Exp(t)));
        double tHat = Math.Log(Math.Max(pHat, 1e-300));
        var b = ProfileSearch.Interval(Deviance, tHat, GpdFit.Critical(confidence), 0.2, Math.Log(1e-300), -1e-12);
        return new Interval(pHat, LowerProbability(b.Lower), Math.Exp(b.Upper));
    }

    /// <summary>The level exceeded with probability p (p &lt; zeta), i.e. the (1-p) quantile.</summary>
    public double ReturnLevelEstimate(double p)
    {
        RequireBelowZeta(p);
        return Threshold + Gpd.Distribution.InverseSurvival(p / Zeta);
    }

    /// <summary>The (1-p) quantile with its joint profile interval; the upper end is +infinity if the data do not bound it.</summary>
    public Interval ReturnLevel(double p, double confidence = 0.95)
    {
        RequireBelowZeta(p);
        double s = Gpd.Sample.Scale;
        double zHat = Gpd.SigmaScaled * GeneralizedPareto.ExcessFactor(Gpd.Xi, p / Zeta);
        var profile = new CurveProfile(Gpd.Sample, Gpd.Xi, Gpd.ShapeFloor, NExceed, N, withZeta: true);
        double lHat = JointLogLikelihoodAtMle();
        double Deviance(double t) => 2 * (lHat - profile.MaxLogLikelihood(Math.Exp(t), p));
        double tHat = Math.Log(zHat);
        const double span = 60;
        var b = ProfileSearch.Interval(Deviance, tHat, GpdFit.Critical(confidence), 0.1, tHat - span, tHat + span);
        double upper = b.Upper >= tHat + span ? double.PositiveInfinity : Threshold + Math.Exp(b.Upper) * s;
        return new Interval(Threshold + zHat * s, Threshold + Math.Exp(b.Lower) * s, upper);
    }

    /// <summary>Binomial part k·ln zeta + (n-k)·ln(1-zeta) plus the GPD part on the scaled excesses, at the MLE.</summary>
    internal double JointLogLikelihoodAtMle()
    {
        double zeta = Zeta;
        return Gpd.LogLikScaled + NExceed * Math.Log(zeta) + (N - NExceed) * Precise.Log1p(-zeta);
    }

    private static double LowerProbability(double logLower) => logLower <= Math.Log(1e-300) ? 0 : Math.Exp(logLower);

    private void RequireAboveThreshold(double d)
    {
        if (!(d > Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(d), d, $"the POT model describes only values above its threshold {Threshold}");
        }
    }

    private void RequireBelowZeta(double p)
    {
        if (!(p > 0 && p < Zeta))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"the POT model describes only tail probabilities below zeta = {Zeta}");
        }
    }
}
