using XenSwitchSim.Models.Mechanisms;
using XenSwitchSim.Simulator.Platform;

namespace XenSwitchSim.Simulator.Tests.Platform;

public class MechanismBindingTests
{
    [Fact]
    public void Every_catalogue_mechanism_is_bound_to_a_platform_parameter_and_back()
    {
        var catalogue = MechanismCatalog.Default.Names.OrderBy(n => n).ToArray();
        var bound = PlatformBinding.Mechanisms.Keys.OrderBy(n => n).ToArray();
        Assert.Equal(catalogue, bound);
    }

    [Fact]
    public void The_platform_defaults_are_the_catalogue_priors()
    {
        var p = new PlatformParameters();
        foreach (var e in MechanismCatalog.Default.Entries)
            Assert.True(Math.Abs(PlatformBinding.Get(p, e.Name) - e.DefaultValue) <= 1e-9 * Math.Max(1, Math.Abs(e.DefaultValue)),
                $"{e.Name}: platform default {PlatformBinding.Get(p, e.Name)} vs catalogue prior {e.DefaultValue}");
    }
}
