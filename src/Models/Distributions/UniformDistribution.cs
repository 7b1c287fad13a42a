using XenSwitchSim.Models.Random;

namespace XenSwitchSim.Models.Distributions;

public sealed record UniformDistribution : Distribution
{
    public UniformDistribution(double minUs, double maxUs)
    {
        MinUs = Require(minUs, double.IsFinite(minUs), nameof(minUs), "finite");
        MaxUs = Require(maxUs, maxUs > minUs && double.IsFinite(maxUs), nameof(maxUs), "> min_us");
    }

    public double MinUs { get; }

    public double MaxUs { get; }

    public override string TypeName => "uniform";

    public override double Sample(IRandomSource random) => MinUs + ((MaxUs - MinUs) * random.NextDouble());

    public override double Cdf(double xUs) => Math.Clamp((xUs - MinUs) / (MaxUs - MinUs), 0, 1);

    public override double Quantile(double p)
    {
        CheckProbability(p);
        return MinUs + ((MaxUs - MinUs) * p);
    }

    public override double Mean => 0.5 * (MinUs + MaxUs);

    public override double Variance => (MaxUs - MinUs) * (MaxUs - MinUs) / 12;

    public override bool HasDensity => true;

    public override double Density(double xUs) => xUs >= MinUs && xUs <= MaxUs ? 1 / (MaxUs - MinUs) : 0;

    protected override string DescribeParameters() => $"uniform(min={Format(MinUs)} us, max={Format(MaxUs)} us)";
}
