using XenSwitchSim.Calibration.Fitting;
using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;

namespace XenSwitchSim.Calibration.Tests.Fitting;

public class CalibrationInputTests
{
    private static string ReferenceText => File.ReadAllText(RepoFiles.Path("models", "reference", "ipsj-os151-2021-measurements.yaml"));

    [Fact]
    public void A_reference_whose_phases_do_not_add_up_is_rejected_naming_the_row()
    {
        var bad = ReferenceText.Replace("xl_to_domu_last_sample: 10709", "xl_to_domu_last_sample: 19709");
        var e = Assert.Throws<InputError>(() => ReferenceMeasurements.Parse(bad, "bad.yaml"));
        Assert.Contains("baseline", e.Message);
        Assert.Contains("phases add up", e.Message);
    }

    [Fact]
    public void A_reference_with_an_unknown_scenario_key_is_rejected_with_the_valid_keys()
    {
        var bad = ReferenceText.Replace("change: {domU.vcpus: 1}", "change: {domU.vcpu: 1}");
        var e = Assert.Throws<InputError>(() => ReferenceMeasurements.Parse(bad, "bad.yaml"));
        Assert.Contains("domU.vcpu", e.Message);
        Assert.Contains("bad.yaml", e.Message);
    }

    [Fact]
    public void The_calibration_data_covers_every_row_with_the_models_defaults_and_both_readings()
    {
        var reference = ReferenceMeasurements.Parse(ReferenceText, "ref.yaml");
        var oldModel = ModelFile.Load(RepoFiles.Path("models", "pi4-xen4.13.yaml"));
        var newModel = ModelFile.Load(RepoFiles.Path("models", "pi4-xen4.14.yaml"));
        var data = CalibrationData.Build(reference, oldModel, newModel);
        Assert.Equal(reference.OldRows.Count + reference.NewRows.Count, data.Rows.Count);
        Assert.All(data.Rows.Where(r => r.Env == Env.Old), r => Assert.Equal(1, r.Parameters.Dom0Vcpus));
        Assert.Equal(Models.Parameters.DomUIdle.Poll, data.Rows.Single(r => r.Env == Env.New).Parameters.MeasureDomUIdle);
        Assert.Equal(2, data.AlternativeReadings.Count);
        Assert.All(data.AlternativeReadings.Values, p => Assert.Equal(4, p.Dom0CpuLoadProcs));
        Assert.Equal(3, data.Hypercalls.Count);
        var baseline = data.Rows.First(r => r.Id == "dom0-net-load");
        Assert.NotNull(baseline.Target(Operation.Pause).ReconstructedRunsUs); // data-insights.md section 2
    }

    [Fact]
    public void An_unknown_free_mechanism_is_a_clear_error()
    {
        var priors = ModelFile.Load(RepoFiles.Path("models", "priors.yaml"));
        var oldModel = ModelFile.Load(RepoFiles.Path("models", "pi4-xen4.13.yaml"));
        var e = Assert.Throws<ArgumentException>(() => new ParameterSpace(priors, oldModel, oldModel, [("no_such_mechanism", Scope.Shared, "")]));
        Assert.Contains("no_such_mechanism", e.Message);
    }
}
