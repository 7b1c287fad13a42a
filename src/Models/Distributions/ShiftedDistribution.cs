using XenSwitchSim.Models.Random;

namespace XenSwitchSim.Models.Distributions;

/// <summary>X = shift + Y: a fixed minimum cost plus a random part.</summary>
public sealed record ShiftedDistribution : Distribution
{
    public ShiftedDistribution(double shiftUs, Distribution inner)
    {
        ShiftUs = Require(shiftUs, double.IsFinite(shiftUs), nameof(shiftUs), "finite");
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    public double ShiftUs { get; }

    public Distribution Inner { get; }

    public override string TypeName => "shifted";

    public override double Sample(IRandomSource random) => ShiftUs + Inner.Sample(random);

    public override double Cdf(double xUs) => Inner.Cdf(xUs - ShiftUs);

    public override double Quantile(double p) => ShiftUs + Inner.Quantile(p);

    public override double Mean => ShiftUs + Inner.Mean;

    public override double Variance => Inner.Variance;

    public override bool HasDensity => Inner.HasDensity;

    public override double Density(double xUs) => Inner.Density(xUs - ShiftUs);

    protected override string DescribeParameters() => $"shifted({Format(ShiftUs)} us + {Inner.Describe()})";
}
