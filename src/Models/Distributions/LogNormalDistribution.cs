using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using XenSwitchSim.Models.Random;

namespace XenSwitchSim.Models.Distributions;

/// <summary>ln X ~ N(Mu, Sigma^2), X in us (so Mu is the mean of ln(us)).</summary>
public sealed record LogNormalDistribution : Distribution
{
    public LogNormalDistribution(double mu, double sigma)
    {
        Mu = Require(mu, double.IsFinite(mu), nameof(mu), "finite");
        Sigma = Require(sigma, sigma > 0 && double.IsFinite(sigma), nameof(sigma), "> 0");
    }

    /// <summary>The lognormal with this arithmetic mean and standard deviation (both us).</summary>
    public static LogNormalDistribution FromMeanSd(double meanUs, double sdUs)
    {
        Require(meanUs, meanUs > 0 && double.IsFinite(meanUs), nameof(meanUs), "> 0");
        Require(sdUs, sdUs > 0 && double.IsFinite(sdUs), nameof(sdUs), "> 0");
        var cv = sdUs / meanUs;
        var sigma2 = Math.Log(1 + (cv * cv));
        return new LogNormalDistribution(Math.Log(meanUs) - (sigma2 / 2), Math.Sqrt(sigma2));
    }

    public double Mu { get; }

    public double Sigma { get; }

    public override string TypeName => "lognormal";

    public override double Sample(IRandomSource random) => Math.Exp(Mu + (Sigma * random.NextStandardNormal()));

    /// <summary>
    /// Through erfc rather than MathNet's LogNormal.CDF, whose 1 + erf(..) cancels in the lower
    /// tail (relative error 3e-8 at p = 1e-9).
    /// </summary>
    public override double Cdf(double xUs) =>
        xUs <= 0 ? 0 : 0.5 * SpecialFunctions.Erfc((Mu - Math.Log(xUs)) / (Sigma * Math.Sqrt(2)));

    public override double Quantile(double p)
    {
        CheckProbability(p);
        return p == 0 ? 0 : LogNormal.InvCDF(Mu, Sigma, p);
    }

    public override double Mean => Math.Exp(Mu + (Sigma * Sigma / 2));

    public override double Variance => PreciseMath.Expm1(Sigma * Sigma) * Math.Exp((2 * Mu) + (Sigma * Sigma));

    public override bool HasDensity => true;

    public override double Density(double xUs) => xUs <= 0 ? 0 : LogNormal.PDF(Mu, Sigma, xUs);

    protected override string DescribeParameters() => $"lognormal(mu={Format(Mu)}, sigma={Format(Sigma)})";
}
