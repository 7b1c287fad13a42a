using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Files.Dto;
using XenSwitchSim.Models.Units;
using XenSwitchSim.Models.Yaml;

namespace XenSwitchSim.Models.Files;

/// <summary>
/// Builds a <see cref="Distribution"/> from its YAML form, checking each parameter where it is
/// written. Durations (<c>*_us</c> keys) accept unit suffixes and must not be negative;
/// <c>mu</c>/<c>sigma</c> are of ln(us); shapes and weights are plain numbers.
/// </summary>
internal sealed class DistributionReader(YamlFieldReader f)
{
    public Distribution Read(DistributionDto dto) => dto switch
    {
        LogNormalDto d => LogNormal(d),
        GammaDto d => Gamma(d),
        WeibullDto d => new WeibullDistribution(Positive(d.Shape, "shape", d), PositiveUs(d.ScaleUs, "scale_us", d)),
        ExponentialDto d => new ExponentialDistribution(PositiveUs(d.MeanUs, "mean_us", d)),
        UniformDto d => Uniform(d),
        ConstantDto d => new ConstantDistribution(Us(d.ValueUs, "value_us", d)),
        EmpiricalDto d => Empirical(d),
        MixtureDto d => Mixture(d),
        ShiftedDto d => new ShiftedDistribution(Us(d.ShiftUs, "shift_us", d), Read(Inner(d))),
        _ => throw new InvalidOperationException($"no reader for {dto.GetType().Name}"),
    };

    private Distribution LogNormal(LogNormalDto d)
    {
        var byMoments = d.MeanUs is not null || d.SdUs is not null;
        var byLog = d.Mu is not null || d.Sigma is not null;
        if (byMoments == byLog)
        {
            throw f.Error(TypeOf(d), byMoments ? "lognormal given both {mean_us, sd_us} and {mu, sigma}" : "lognormal without parameters",
                "expected either mean_us and sd_us (of the time), or mu and sigma (of its natural log)");
        }

        return byMoments
            ? LogNormalDistribution.FromMeanSd(PositiveUs(d.MeanUs, "mean_us", d), PositiveUs(d.SdUs, "sd_us", d))
            : new LogNormalDistribution(
                f.Number(f.Required(d.Mu, "mu", TypeOf(d), "lognormal"), "mu"),
                Positive(d.Sigma, "sigma", d));
    }

    private Distribution Gamma(GammaDto d)
    {
        var byShape = d.Shape is not null || d.ScaleUs is not null;
        var byMoments = d.MeanUs is not null || d.SdUs is not null;
        if (byShape == byMoments)
        {
            throw f.Error(TypeOf(d), byShape ? "gamma given both {shape, scale_us} and {mean_us, sd_us}" : "gamma without parameters",
                "expected either shape and scale_us, or mean_us and sd_us");
        }

        return byShape
            ? new GammaDistribution(Positive(d.Shape, "shape", d), PositiveUs(d.ScaleUs, "scale_us", d))
            : GammaDistribution.FromMeanSd(PositiveUs(d.MeanUs, "mean_us", d), PositiveUs(d.SdUs, "sd_us", d));
    }

    private UniformDistribution Uniform(UniformDto d)
    {
        var min = Us(d.MinUs, "min_us", d);
        var maxValue = f.Required(d.MaxUs, "max_us", TypeOf(d), "uniform");
        var max = f.Quantity(maxValue, "max_us", Unit.Microseconds, min, minExclusive: true);
        return new UniformDistribution(min, max);
    }

    private EmpiricalDistribution Empirical(EmpiricalDto d)
    {
        if (d.ValuesUs is null || d.ValuesUs.Count == 0)
        {
            throw f.Error(TypeOf(d), "empirical distribution without values", "expected values_us: a list of at least one duration");
        }

        return new EmpiricalDistribution(d.ValuesUs.Select(v => f.Quantity(v, "values_us", Unit.Microseconds, 0)));
    }

    private MixtureDistribution Mixture(MixtureDto d)
    {
        if (d.Components is null || d.Components.Count == 0)
        {
            throw f.Error(TypeOf(d), "mixture without components", "expected components: a list of {weight, dist}");
        }

        // Weights are relative: they are normalised, so only their sign is checked here.
        return new MixtureDistribution(d.Components.Select(c =>
            new MixtureComponent(f.Number(c.Weight, "weight", 0, minExclusive: true), Read(c.Dist))));
    }

    private DistributionDto Inner(ShiftedDto d) =>
        d.Dist ?? throw f.Error(TypeOf(d), "missing 'dist' in shifted", "expected dist: <distribution>");

    private double Us(YamlValue? value, string field, DistributionDto d) =>
        f.Quantity(f.Required(value, field, TypeOf(d), d.Type?.Text), field, Unit.Microseconds, 0);

    private double PositiveUs(YamlValue? value, string field, DistributionDto d) =>
        f.Quantity(f.Required(value, field, TypeOf(d), d.Type?.Text), field, Unit.Microseconds, 0, minExclusive: true);

    private double Positive(YamlValue? value, string field, DistributionDto d) =>
        f.Number(f.Required(value, field, TypeOf(d), d.Type?.Text), field, 0, minExclusive: true);

    /// <summary>The <c>type:</c> value: where errors about the distribution as a whole point.</summary>
    private static YamlValue TypeOf(DistributionDto d) =>
        d.Type ?? throw new InvalidOperationException("a discriminated distribution always has its type");
}
