using XenSwitchSim.Models.Distributions;

namespace XenSwitchSim.Models.Tests.Distributions;

/// <summary>One representative of each family (and of each sampler path), by name.</summary>
internal static class Families
{
    public static readonly IReadOnlyDictionary<string, Distribution> All = new Dictionary<string, Distribution>
    {
        ["lognormal mu/sigma"] = new LogNormalDistribution(9.6, 0.5),
        ["lognormal mean/sd"] = LogNormalDistribution.FromMeanSd(14777, 573),
        ["gamma shape 3.7"] = new GammaDistribution(3.7, 2500),
        ["gamma shape 0.5"] = new GammaDistribution(0.5, 800), // the shape < 1 boost path
        ["gamma shape 1"] = new GammaDistribution(1, 300),
        ["weibull 1.5"] = new WeibullDistribution(1.5, 2000),
        ["weibull 0.7"] = new WeibullDistribution(0.7, 2000),
        ["exponential"] = new ExponentialDistribution(250),
        ["uniform"] = new UniformDistribution(0, 4000),
        ["mixture"] = new MixtureDistribution(
        [
            new MixtureComponent(0.9, LogNormalDistribution.FromMeanSd(15000, 1000)),
            new MixtureComponent(0.1, new ShiftedDistribution(25000, new ExponentialDistribution(30000))),
        ]),
        ["shifted gamma"] = new ShiftedDistribution(1200, new GammaDistribution(2, 500)),
    };

    /// <summary>Families with atoms: the generalised-inverse properties apply instead.</summary>
    public static readonly IReadOnlyDictionary<string, Distribution> Discrete = new Dictionary<string, Distribution>
    {
        ["constant"] = new ConstantDistribution(4067),
        ["empirical"] = new EmpiricalDistribution([41376, 44171, 44171, 44171, 141991]),
        ["mixture with atom"] = new MixtureDistribution(
        [
            new MixtureComponent(3, new ConstantDistribution(28)),
            new MixtureComponent(1, new UniformDistribution(0, 4000)),
        ]),
    };

    public static IEnumerable<object[]> ContinuousNames() => All.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> AllNames() =>
        All.Keys.Concat(Discrete.Keys).Select(k => new object[] { k });

    public static Distribution Get(string name) => All.TryGetValue(name, out var d) ? d : Discrete[name];
}
