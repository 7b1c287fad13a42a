using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Models.Tests.Support;

namespace XenSwitchSim.Models.Tests.Files;

public class ScenarioResolverTests
{
    private static readonly ModelDefinition Model = ModelFile.Parse(Fixtures.Model, Fixtures.ModelName, TestCatalog.Instance);

    [Fact]
    public void Layers_apply_contract_then_model_then_scenario_then_set_and_record_origins()
    {
        var scenario = ScenarioFile.Parse(Fixtures.Scenario, Fixtures.ScenarioName);
        var sets = new[] { SetArgument.Parse("xen.scheduler=credit"), SetArgument.Parse("xl.nice=-20") };

        var r = ScenarioResolver.Resolve(Model, scenario, sets);

        Assert.Equal(DomUIdle.Poll, r.Parameters.MeasureDomUIdle);   // model default
        Assert.Equal(1000, r.Parameters.Dom0NetLoadMbps);             // scenario
        Assert.Equal(XenScheduler.Credit, r.Parameters.XenScheduler); // --set beats the scenario's null
        Assert.Equal(-20, r.Parameters.XlNice);
        Assert.Equal(3, r.Parameters.DomUVcpus);                      // contract default

        Assert.Equal(new SourceLocation(Fixtures.ModelName, 14, 22), r.Origins["measure.domU_idle"]);
        Assert.Equal(new SourceLocation(Fixtures.ScenarioName, 4, 23), r.Origins["dom0.net_load_mbps"]);
        Assert.Equal(SourceLocation.Of("--set"), r.Origins["xen.scheduler"]);
        Assert.Equal(SourceLocation.Of(ScenarioResolver.ContractDefault), r.Origins["domU.vcpus"]);
    }

    [Fact]
    public void Dom0_vcpus_above_the_platforms_pcpus_is_an_error_where_it_was_set()
    {
        var e = Assert.Throws<InputError>(() => ScenarioResolver.Resolve(Model, null, [SetArgument.Parse("dom0.vcpus=5")]));
        Assert.Equal("--set: dom0.vcpus = 5 exceeds the 4 pCPUs of model 'example'; expected 1..4 or auto", e.Message);
    }

    [Fact]
    public void A_scheduler_the_platform_lacks_is_an_error_where_it_was_set()
    {
        var model = ModelFile.Parse(Fixtures.Model.Replace("schedulers: [credit2, null, credit]", "schedulers: [credit2]"), Fixtures.ModelName, TestCatalog.Instance);
        var scenario = ScenarioFile.Parse(Fixtures.Scenario, Fixtures.ScenarioName);
        var e = Assert.Throws<InputError>(() => ScenarioResolver.Resolve(model, scenario));
        Assert.Equal($"{Fixtures.ScenarioName}:5:18: xen.scheduler = null is not offered by model 'example'; expected one of: credit2", e.Message);
    }

    [Fact]
    public void Without_a_model_only_the_contract_ranges_apply()
    {
        var r = ScenarioResolver.Resolve(null, null, [SetArgument.Parse("dom0.vcpus=8")]);
        Assert.Equal(8, r.Parameters.Dom0Vcpus);
        Assert.Null(r.Parameters.MeasureDomUIdle);
    }
}
