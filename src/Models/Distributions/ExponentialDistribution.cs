using MathNet.Numerics;
using XenSwitchSim.Models.Random;
using MathNetExponential = MathNet.Numerics.Distributions.Exponential;

namespace XenSwitchSim.Models.Distributions;

public sealed record ExponentialDistribution : Distribution
{
    public ExponentialDistribution(double meanUs)
    {
        MeanUs = Require(meanUs, meanUs > 0 && double.IsFinite(meanUs), nameof(meanUs), "> 0");
    }

    public double MeanUs { get; }

    private double Rate => 1.0 / MeanUs;

    public override string TypeName => "exponential";

    public override double Sample(IRandomSource random) => -MeanUs * Math.Log(1 - random.NextDouble());

    // Closed forms with expm1/log1p (see PreciseMath; MathNet's Log1p, not .NET's double.LogP1,
    // which is log(1 + x) computed naively): MathNet's Exponential.CDF/InvCDF lose
    // the lower tail's relative precision, and short delays out of a long mean live there.
    public override double Cdf(double xUs) => xUs <= 0 ? 0 : -PreciseMath.Expm1(-xUs * Rate);

    public override double Quantile(double p)
    {
        CheckProbability(p);
        return -MeanUs * SpecialFunctions.Log1p(-p);
    }

    public override double Mean => MeanUs;

    public override double Variance => MeanUs * MeanUs;

    public override bool HasDensity => true;

    public override double Density(double xUs) => xUs < 0 ? 0 : MathNetExponential.PDF(Rate, xUs);

    protected override string DescribeParameters() => $"exponential(mean={Format(MeanUs)} us)";
}
