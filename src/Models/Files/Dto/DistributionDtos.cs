using XenSwitchSim.Models.Yaml;

namespace XenSwitchSim.Models.Files.Dto;

/// <summary>
/// A mechanism's value in a model file: a scalar with unit, a distribution (has <c>type:</c>)
/// or a fitted parameter (has <c>value:</c>).
/// </summary>
[YamlSection("a mechanism value (a number with unit, a distribution mapping with 'type:', or a fitted mapping with 'value:')")]
internal abstract class MechanismValueDto
{
}

internal sealed class ScalarValueDto(YamlValue value) : MechanismValueDto
{
    public YamlValue Value { get; } = value;
}

[YamlSection("a distribution (a mapping with 'type:')")]
internal abstract class DistributionDto : MechanismValueDto
{
    /// <summary>The discriminator; YamlDotNet does not consume it, so the base must accept it.</summary>
    public YamlValue? Type { get; set; }
}

[YamlSection("a lognormal distribution")]
internal sealed class LogNormalDto : DistributionDto
{
    public YamlValue? MeanUs { get; set; }

    public YamlValue? SdUs { get; set; }

    public YamlValue? Mu { get; set; }

    public YamlValue? Sigma { get; set; }
}

[YamlSection("a gamma distribution")]
internal sealed class GammaDto : DistributionDto
{
    public YamlValue? Shape { get; set; }

    public YamlValue? ScaleUs { get; set; }

    public YamlValue? MeanUs { get; set; }

    public YamlValue? SdUs { get; set; }
}

[YamlSection("a weibull distribution")]
internal sealed class WeibullDto : DistributionDto
{
    public YamlValue? Shape { get; set; }

    public YamlValue? ScaleUs { get; set; }
}

[YamlSection("an exponential distribution")]
internal sealed class ExponentialDto : DistributionDto
{
    public YamlValue? MeanUs { get; set; }
}

[YamlSection("a uniform distribution")]
internal sealed class UniformDto : DistributionDto
{
    public YamlValue? MinUs { get; set; }

    public YamlValue? MaxUs { get; set; }
}

[YamlSection("a constant distribution")]
internal sealed class ConstantDto : DistributionDto
{
    public YamlValue? ValueUs { get; set; }
}

[YamlSection("an empirical distribution")]
internal sealed class EmpiricalDto : DistributionDto
{
    public List<YamlValue>? ValuesUs { get; set; }
}

[YamlSection("a mixture distribution")]
internal sealed class MixtureDto : DistributionDto
{
    public List<MixtureComponentDto>? Components { get; set; }
}

[YamlSection("a mixture component ({weight, dist})")]
internal sealed class MixtureComponentDto
{
    public required YamlValue Weight { get; set; }

    public required DistributionDto Dist { get; set; }
}

[YamlSection("a shifted distribution")]
internal sealed class ShiftedDto : DistributionDto
{
    public YamlValue? ShiftUs { get; set; }

    public DistributionDto? Dist { get; set; }
}

/// <summary>A calibrated parameter with its uncertainty and where it came from.</summary>
[YamlSection("a fitted parameter")]
internal sealed class FittedValueDto : MechanismValueDto
{
    public YamlValue? Value { get; set; }

    public YamlValue? Sd { get; set; }

    public YamlValue? Lower { get; set; }

    public YamlValue? Upper { get; set; }

    public ProvenanceDto? Provenance { get; set; }
}

[YamlSection("a fit's provenance")]
internal sealed class ProvenanceDto
{
    public YamlValue? Data { get; set; }

    public YamlValue? Seed { get; set; }

    public YamlValue? Date { get; set; }

    public YamlValue? Objective { get; set; }
}
