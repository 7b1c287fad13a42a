namespace XenSwitchSim.Models.Files.Dto;

/// <summary>The YAML <c>type:</c> names and the DTO each one reads into.</summary>
internal static class DistributionTypes
{
    public static readonly IReadOnlyDictionary<string, Type> Map = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["lognormal"] = typeof(LogNormalDto),
        ["gamma"] = typeof(GammaDto),
        ["weibull"] = typeof(WeibullDto),
        ["exponential"] = typeof(ExponentialDto),
        ["uniform"] = typeof(UniformDto),
        ["constant"] = typeof(ConstantDto),
        ["empirical"] = typeof(EmpiricalDto),
        ["mixture"] = typeof(MixtureDto),
        ["shifted"] = typeof(ShiftedDto),
    };
}
