using MathNet.Numerics;
using XenSwitchSim.Models.Random;
using MathNetWeibull = MathNet.Numerics.Distributions.Weibull;

namespace XenSwitchSim.Models.Distributions;

/// <summary>Weibull with shape k and scale lambda (us): F(x) = 1 - exp(-(x/lambda)^k).</summary>
public sealed record WeibullDistribution : Distribution
{
    private readonly double inverseShape;

    public WeibullDistribution(double shape, double scaleUs)
    {
        Shape = Require(shape, shape > 0 && double.IsFinite(shape), nameof(shape), "> 0");
        ScaleUs = Require(scaleUs, scaleUs > 0 && double.IsFinite(scaleUs), nameof(scaleUs), "> 0");
        inverseShape = 1.0 / shape;
    }

    public double Shape { get; }

    public double ScaleUs { get; }

    public override string TypeName => "weibull";

    public override double Sample(IRandomSource random) =>
        ScaleUs * Math.Pow(-Math.Log(1 - random.NextDouble()), inverseShape);

    /// <summary>
    /// Closed form with expm1: MathNet's Weibull.CDF computes 1 - exp(..), which loses the
    /// lower tail's relative precision.
    /// </summary>
    public override double Cdf(double xUs) => xUs <= 0 ? 0 : -PreciseMath.Expm1(-Math.Pow(xUs / ScaleUs, Shape));

    /// <summary>MathNet has no Weibull InvCDF; the closed form, with log1p for small p.</summary>
    public override double Quantile(double p)
    {
        CheckProbability(p);
        return ScaleUs * Math.Pow(-SpecialFunctions.Log1p(-p), inverseShape);
    }

    public override double Mean => ScaleUs * SpecialFunctions.Gamma(1 + inverseShape);

    public override double Variance
    {
        get
        {
            var g1 = SpecialFunctions.Gamma(1 + inverseShape);
            return ScaleUs * ScaleUs * (SpecialFunctions.Gamma(1 + (2 * inverseShape)) - (g1 * g1));
        }
    }

    public override bool HasDensity => true;

    public override double Density(double xUs) => xUs < 0 ? 0 : MathNetWeibull.PDF(Shape, ScaleUs, xUs);

    protected override string DescribeParameters() => $"weibull(shape={Format(Shape)}, scale={Format(ScaleUs)} us)";
}
