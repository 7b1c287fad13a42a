using XenSwitchSim.Models.Random;
using MathNetGamma = MathNet.Numerics.Distributions.Gamma;

namespace XenSwitchSim.Models.Distributions;

/// <summary>Gamma with shape k and scale theta (us); mean k*theta.</summary>
public sealed record GammaDistribution : Distribution
{
    // Marsaglia-Tsang constants for shape max(k, k+1), fixed at construction so Sample does no setup.
    private readonly double d;
    private readonly double c;
    private readonly double inverseShape;

    public GammaDistribution(double shape, double scaleUs)
    {
        Shape = Require(shape, shape > 0 && double.IsFinite(shape), nameof(shape), "> 0");
        ScaleUs = Require(scaleUs, scaleUs > 0 && double.IsFinite(scaleUs), nameof(scaleUs), "> 0");
        var boosted = shape < 1 ? shape + 1 : shape;
        d = boosted - (1.0 / 3.0);
        c = 1.0 / Math.Sqrt(9 * d);
        inverseShape = 1.0 / shape;
    }

    public static GammaDistribution FromMeanSd(double meanUs, double sdUs)
    {
        Require(meanUs, meanUs > 0 && double.IsFinite(meanUs), nameof(meanUs), "> 0");
        Require(sdUs, sdUs > 0 && double.IsFinite(sdUs), nameof(sdUs), "> 0");
        var shape = meanUs * meanUs / (sdUs * sdUs);
        return new GammaDistribution(shape, meanUs / shape);
    }

    public double Shape { get; }

    public double ScaleUs { get; }

    /// <summary>MathNet's gamma functions take a rate, not a scale.</summary>
    private double Rate => 1.0 / ScaleUs;

    public override string TypeName => "gamma";

    /// <summary>Marsaglia and Tsang (2000); for shape &lt; 1 a draw at shape+1 times U^(1/shape).</summary>
    public override double Sample(IRandomSource random)
    {
        double draw;
        while (true)
        {
            var x = random.NextStandardNormal();
            var v = 1 + (c * x);
            if (v <= 0)
            {
                continue;
            }

            v = v * v * v;
            var u = random.NextDouble();
            var x2 = x * x;
            if (u < 1 - (0.0331 * x2 * x2) || Math.Log(u) < (0.5 * x2) + (d * (1 - v + Math.Log(v))))
            {
                draw = d * v;
                break;
            }
        }

        if (Shape < 1)
        {
            // 1 - U lies in (0, 1], so the power is never of zero.
            draw *= Math.Pow(1 - random.NextDouble(), inverseShape);
        }

        return draw * ScaleUs;
    }

    public override double Cdf(double xUs) => IncompleteGamma.Lower(Shape, xUs * Rate);

    public override double Quantile(double p)
    {
        CheckProbability(p);
        if (p == 0)
        {
            return 0;
        }

        if (p == 1)
        {
            return double.PositiveInfinity;
        }

        // MathNet's InvCDF is a good start but loses relative accuracy in the tails for small
        // shapes (off by orders of magnitude at p = 1e-9, shape 0.3), so polish it.
        var guess = MathNetGamma.InvCDF(Shape, Rate, p);
        return PositiveQuantileSolver.Solve(
            p,
            guess,
            x => IncompleteGamma.Lower(Shape, x * Rate),
            x => IncompleteGamma.Upper(Shape, x * Rate),
            Density);
    }

    public override double Mean => Shape * ScaleUs;

    public override double Variance => Shape * ScaleUs * ScaleUs;

    public override bool HasDensity => true;

    public override double Density(double xUs) => xUs < 0 ? 0 : MathNetGamma.PDF(Shape, Rate, xUs);

    protected override string DescribeParameters() => $"gamma(shape={Format(Shape)}, scale={Format(ScaleUs)} us)";
}
