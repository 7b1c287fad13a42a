using XenSwitchSim.Cli.Common;
using XenSwitchSim.Cli.Reports;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Cli.Tests.Reports;

public class ReferenceMatchTests
{
    private static ScenarioParameters Params(string model, params (string K, string V)[] sets)
    {
        var p = EmbeddedModels.Load(model).DefaultParameters;
        foreach (var (k, v) in sets) p = p.With(k, v);
        return p;
    }

    [Fact]
    public void The_old_environments_baseline_matches_the_default_scenario_of_the_xen_4_13_model()
    {
        var m = EmbeddedModels.Load("pi4-xen4.13");
        var found = ReferenceMatch.Find(m, Params("pi4-xen4.13"));
        var row = Assert.Single(found);
        Assert.Equal("baseline", row.RowId);
        Assert.Equal((14777.0, 14170.0, 15726.0), (row.Pause.MeanUs, row.Pause.MinUs!.Value, row.Pause.MaxUs!.Value));
        Assert.Equal(3, row.PausePhasesUs.Count);
    }

    [Fact]
    public void A_changed_knob_the_study_never_changed_matches_nothing_and_an_ambiguous_row_matches_under_its_alternative_reading()
    {
        var m = EmbeddedModels.Load("pi4-xen4.13");
        Assert.Empty(ReferenceMatch.Find(m, Params("pi4-xen4.13", ("xen.pinning", "all"))));
        Assert.Equal("dom0-cpu-load", Assert.Single(ReferenceMatch.Find(m, Params("pi4-xen4.13", ("dom0.cpu_load_procs", "4")))).RowId);
        var alt = Assert.Single(ReferenceMatch.Find(m, Params("pi4-xen4.13", ("xl.nice", "-20"), ("dom0.cpu_load_procs", "4"))));
        Assert.Equal("xl-nice-minus20", alt.RowId);
        Assert.Contains("alternative reading", alt.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void The_new_environment_has_means_only_and_the_default_scenario_gets_a_hint_instead()
    {
        var m = EmbeddedModels.Load("pi4-xen4.14");
        Assert.Empty(ReferenceMatch.Find(m, m.DefaultParameters));
        var hint = Assert.Single(ReferenceMatch.Hints(m));
        Assert.Contains("--set domU.vcpus=1", hint, StringComparison.Ordinal);
        var row = Assert.Single(ReferenceMatch.Find(m, Params("pi4-xen4.14", ("domU.vcpus", "1"), ("domU.storage", "file"), ("xen.scheduler", "null"))));
        Assert.Equal("comparison-baseline", row.RowId);
        Assert.Null(row.Pause.MinUs);
        Assert.Equal(50, row.N);
    }
}
