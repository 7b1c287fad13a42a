using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Mechanisms;

namespace XenSwitchSim.Models.Tests.Files;

public class DistributionYamlTests
{
    private static readonly MechanismCatalog Catalog = new(
    [
        MechanismEntry.Random("d_us", new ConstantDistribution(1), 0, 1e9, "test", "test"),
    ]);

    private static Distribution Read(string distribution) =>
        ModelFile.Parse(
            $$"""
            name: t
            platform: {pcpus: 4, cpu_clock_mhz: 1500, hz: 250, counter_hz: 54MHz, xen_version: "4.14", linux_version: "5.9", arch: arm64, schedulers: [credit2]}
            mechanisms:
              d_us: {{distribution}}
            """,
            "t.yaml",
            Catalog).Mechanisms.Distribution("d_us");

    public static IEnumerable<object[]> Cases()
    {
        yield return ["{type: lognormal, mean_us: 15ms, sd_us: 600}", LogNormalDistribution.FromMeanSd(15000, 600)];
        yield return ["{type: lognormal, mu: 9.6, sigma: 0.5}", new LogNormalDistribution(9.6, 0.5)];
        yield return ["{type: gamma, shape: 2, scale_us: 1ms}", new GammaDistribution(2, 1000)];
        yield return ["{type: gamma, mean_us: 0.005s, sd_us: 1000}", GammaDistribution.FromMeanSd(5000, 1000)];
        yield return ["{type: weibull, shape: 1.5, scale_us: 2000000ns}", new WeibullDistribution(1.5, 2000)];
        yield return ["{type: exponential, mean_us: 250}", new ExponentialDistribution(250)];
        yield return ["{type: uniform, min_us: 0, max_us: 4ms}", new UniformDistribution(0, 4000)];
        yield return ["{type: constant, value_us: 28}", new ConstantDistribution(28)];
        yield return ["{type: empirical, values_us: [41.4ms, 44171, 142ms]}", new EmpiricalDistribution([41400, 44171, 142000])];
        yield return ["{type: shifted, shift_us: 1ms, dist: {type: exponential, mean_us: 5ms}}", new ShiftedDistribution(1000, new ExponentialDistribution(5000))];
        yield return ["{type: mixture, components: [{weight: 3, dist: {type: constant, value_us: 1}}, {weight: 1, dist: {type: mixture, components: [{weight: 1, dist: {type: uniform, min_us: 0, max_us: 2}}]}}]}",
            new MixtureDistribution([
                new MixtureComponent(0.75, new ConstantDistribution(1)),
                new MixtureComponent(0.25, new MixtureDistribution([new MixtureComponent(1, new UniformDistribution(0, 2))])),
            ])];
        yield return ["2.5ms", new ConstantDistribution(2500)];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_family_reads_from_its_yaml_with_units_on_durations(string yaml, Distribution expected)
    {
        var d = Read(yaml);
        Assert.Equal(expected.GetType(), d.GetType());
        Assert.Equal(expected, d);
    }

    // (yaml, the text the error must point at, message after the position)
    [Theory]
    [InlineData("{type: uniform, min_us: 5, max_us: 5}", "5}", "'max_us' = 5 us is out of range; expected > 5 us")]
    [InlineData("{type: constant, value_us: -1}", "-1", "'value_us' = -1 us is out of range; expected >= 0 us")]
    [InlineData("{type: gamma, shape: 2, mean_us: 5}", "gamma", "gamma given both {shape, scale_us} and {mean_us, sd_us}")]
    [InlineData("{type: empirical, values_us: []}", "empirical", "empirical distribution without values")]
    [InlineData("{type: mixture, components: []}", "mixture", "mixture without components")]
    [InlineData("{type: shifted, shift_us: 1}", "shifted", "missing 'dist' in shifted")]
    [InlineData("{type: weibull, shape: 1.5, scale_us: 5GHz}", "5GHz", "invalid value '5GHz' for 'scale_us'; expected a duration (ns, us, ms, s), got '5GHz'")]
    [InlineData("{type: lognormal, mu: 9.6, sigma: 1ms}", "1ms", "invalid value '1ms' for 'sigma'; expected a plain number, got '1ms'")]
    public void Bad_parameters_are_reported_where_written(string yaml, string pointAt, string expected)
    {
        // The distribution starts at column 9 of line 4 ("  d_us: " is 8 characters).
        var column = 9 + yaml.IndexOf(pointAt, StringComparison.Ordinal);
        var e = Assert.Throws<InputError>(() => Read(yaml));
        Assert.StartsWith($"t.yaml:4:{column}: {expected}", e.Message);
    }
}
