using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Mechanisms;

namespace XenSwitchSim.Models.Tests.Mechanisms;

public class MechanismCatalogTests
{
    [Fact]
    public void The_default_catalogue_holds_the_seed_entries_with_defaults_inside_their_bounds()
    {
        var names = MechanismCatalog.Default.Names.ToList();
        Assert.Contains("xl_exec_cpu_us", names);
        Assert.Contains("xenstore_rtt_us", names);
        Assert.Contains("hypercall_entry_exit_us", names);
        Assert.Contains("cpu_speed_factor", names);
        Assert.Equal(MechanismKind.Distribution, MechanismCatalog.Default.Get("xenstore_rtt_us").Kind);
    }

    [Fact]
    public void Entries_whose_name_does_not_carry_the_unit_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new MechanismCatalog([MechanismEntry.Duration("xl_exec_cpu", 1, 0, 2, "", "")]));
        Assert.Contains("must end in '_us'", e.Message);
        Assert.Throws<ArgumentException>(() => new MechanismCatalog([MechanismEntry.RatePerS("irqs", 1, 0, 2, "", "")]));
    }

    [Fact]
    public void Defaults_outside_the_bounds_and_duplicate_names_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new MechanismCatalog([MechanismEntry.Duration("a_us", 5, 0, 2, "", "")]));
        Assert.Throws<ArgumentException>(() => new MechanismCatalog([MechanismEntry.Random("a_us", new ConstantDistribution(50), 0, 2, "", "")]));
        Assert.Throws<ArgumentException>(() => new MechanismCatalog([MechanismEntry.Count("n", 1, 0, 5, "", ""), MechanismEntry.Count("n", 2, 0, 5, "", "")]));
    }

    [Fact]
    public void Asking_for_an_unknown_mechanism_in_code_suggests_the_closest()
    {
        var e = Assert.Throws<ArgumentException>(() => MechanismCatalog.Default.Get("xenstore_rtt"));
        Assert.Contains("did you mean 'xenstore_rtt_us'?", e.Message);
    }

    [Fact]
    public void A_mechanism_set_falls_back_to_defaults_and_keeps_kinds_apart()
    {
        var set = new MechanismSet(MechanismCatalog.Default, new Dictionary<string, MechanismSetting>());
        Assert.Equal(2500, set.Value("xl_exec_cpu_us"));
        Assert.Equal(MechanismCatalog.Default.Get("xenstore_rtt_us").DefaultDistribution, set.Distribution("xenstore_rtt_us"));
        Assert.Throws<InvalidOperationException>(() => set.Value("xenstore_rtt_us"));
        Assert.Throws<InvalidOperationException>(() => set.Distribution("cpu_speed_factor"));
    }
}
