using XenSwitchSim.Models.Random;

namespace XenSwitchSim.Models.Distributions;

public sealed record ConstantDistribution : Distribution
{
    public ConstantDistribution(double valueUs)
    {
        ValueUs = Require(valueUs, double.IsFinite(valueUs), nameof(valueUs), "finite");
    }

    public double ValueUs { get; }

    public override string TypeName => "constant";

    public override double Sample(IRandomSource random) => ValueUs;

    public override double Cdf(double xUs) => xUs >= ValueUs ? 1 : 0;

    public override double Quantile(double p)
    {
        CheckProbability(p);
        return ValueUs;
    }

    public override double Mean => ValueUs;

    public override double Variance => 0;

    public override bool HasDensity => false;

    public override double Density(double xUs) => throw NoDensity();

    protected override string DescribeParameters() => $"constant({Format(ValueUs)} us)";
}
