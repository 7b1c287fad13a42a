using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Mechanisms;
using XenSwitchSim.Models.Tests.Support;

namespace XenSwitchSim.Models.Tests.Mechanisms;

public class MechanismCatalogTests
{
    /// <summary>The kinds the platform's mechanisms have (PlatformParameters in src/Simulator).</summary>
    private static readonly MechanismKind[] PlatformKinds =
        [MechanismKind.Duration, MechanismKind.Count, MechanismKind.Ratio, MechanismKind.Fraction, MechanismKind.RatePerS];

    [Fact]
    public void Every_default_entry_has_its_default_inside_its_bounds()
    {
        Assert.NotEmpty(MechanismCatalog.Default.Entries);
        foreach (var e in MechanismCatalog.Default.Entries)
        {
            var value = e.Kind == MechanismKind.Distribution ? e.DefaultDistribution!.Mean : e.DefaultValue;
            Assert.True(double.IsFinite(e.Lower) && double.IsFinite(e.Upper) && e.Lower <= e.Upper, $"{e.Name}: bounds [{e.Lower}, {e.Upper}]");
            Assert.True(value >= e.Lower && value <= e.Upper, $"{e.Name}: default {value} outside [{e.Lower}, {e.Upper}]");
        }
    }

    [Fact]
    public void Default_entry_names_are_unique()
    {
        var duplicates = MechanismCatalog.Default.Names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Default_entry_names_carry_the_unit_of_a_bare_number()
    {
        foreach (var e in MechanismCatalog.Default.Entries)
        {
            switch (e.Kind)
            {
                case MechanismKind.Duration or MechanismKind.Distribution:
                    Assert.True(e.Name.EndsWith("_us", StringComparison.Ordinal), $"{e.Kind} '{e.Name}' must end in '_us'");
                    break;
                case MechanismKind.RatePerS:
                    Assert.True(e.Name.EndsWith("_per_s", StringComparison.Ordinal), $"{e.Kind} '{e.Name}' must end in '_per_s'");
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(PlatformKindData))]
    public void The_default_catalogue_has_an_entry_of_each_kind_the_platform_uses(MechanismKind kind)
    {
        Assert.Contains(MechanismCatalog.Default.Entries, e => e.Kind == kind);
    }

    public static TheoryData<MechanismKind> PlatformKindData() => [.. PlatformKinds];

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
        var e = Assert.Throws<ArgumentException>(() => TestCatalog.Instance.Get("xenstore_rtt"));
        Assert.Contains("did you mean 'xenstore_rtt_us'?", e.Message);
    }

    [Fact]
    public void A_mechanism_set_falls_back_to_defaults_and_keeps_kinds_apart()
    {
        var set = new MechanismSet(TestCatalog.Instance, new Dictionary<string, MechanismSetting>());
        Assert.Equal(2500, set.Value("xl_exec_cpu_us"));
        Assert.Equal(TestCatalog.Instance.Get("xenstore_rtt_us").DefaultDistribution, set.Distribution("xenstore_rtt_us"));
        Assert.Throws<InvalidOperationException>(() => set.Value("xenstore_rtt_us"));
        Assert.Throws<InvalidOperationException>(() => set.Distribution("cpu_speed_factor"));
    }
}
