using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Models.Tests.Files;

public class ScenarioFileTests
{
    [Fact]
    public void A_valid_scenario_loads()
    {
        var s = ScenarioFile.Parse(Fixtures.Scenario, Fixtures.ScenarioName);

        Assert.Equal("dom0-net-load", s.Name);
        Assert.Equal(1000, s.Runs);
        Assert.Equal(20210301UL, s.Seed);
        var p = s.ApplyTo(ScenarioParameters.Defaults);
        Assert.Equal(1000, p.Dom0NetLoadMbps);
        Assert.Equal(XenScheduler.Null, p.XenScheduler); // unquoted null is the scheduler, not YAML null
        Assert.Equal(4000, p.MeasureSampleIntervalUs);
        Assert.Equal(new SourceLocation(Fixtures.ScenarioName, 4, 23), s.Assignments[0].Where);
    }

    [Fact]
    public void Runs_seed_and_parameters_are_optional()
    {
        var s = ScenarioFile.Parse("name: defaults only\n", Fixtures.ScenarioName);
        Assert.Null(s.Runs);
        Assert.Null(s.Seed);
        Assert.Empty(s.Assignments);
    }

    public static IEnumerable<object[]> Errors()
    {
        yield return ["unknown top-level field", 7, "runz: 1000",
            "7:1: unknown field 'runz' in the scenario file; did you mean 'runs'? valid fields: name, description, parameters, runs, seed"];
        yield return ["runs below one", 7, "runs: 0",
            "7:7: 'runs' = 0 is out of range; expected an integer >= 1"];
        yield return ["runs not a number", 7, "runs: many",
            "7:7: invalid value 'many' for 'runs'; expected an integer >= 1"];
        yield return ["negative seed", 8, "seed: -1",
            "8:7: invalid value '-1' for 'seed'; expected an unsigned 64-bit integer (decimal or 0x hex)"];
        yield return ["unknown parameter", 4, "  dom0.net_laod_mbps: 1Gbps",
            "4:3: unknown parameter 'dom0.net_laod_mbps'; did you mean 'dom0.net_load_mbps'? valid keys: "];
        yield return ["wrong unit", 4, "  dom0.net_load_mbps: 5ms",
            "4:23: invalid value '5ms' for 'dom0.net_load_mbps'; expected a bit rate (bps, kbps, Mbps, Gbps), got '5ms'"];
        yield return ["out of range", 5, "  xl.nice: 20",
            "5:12: invalid value '20' for 'xl.nice'; 20 is out of range; expected an integer in -20..19"];
        yield return ["duplicate parameter", 6, "  xen.scheduler: credit",
            "6:3: duplicate key 'xen.scheduler'; each key may appear once in a mapping (first at line 5)"];
        yield return ["parameters as a single value", 3, "parameters: 5",
            "3:13: expected a mapping, got '5'"];
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_error_names_file_line_column_and_what_was_expected(string description, int line, string replacement, string expected)
    {
        var text = Fixtures.WithLine(Fixtures.Scenario, line, replacement);
        if (replacement == "parameters: 5")
        {
            text = string.Join('\n', text.Split('\n').Where((_, i) => i is < 3 or > 5));
        }

        var e = Assert.Throws<InputError>(() => ScenarioFile.Parse(text, Fixtures.ScenarioName));
        Assert.True(
            e.Message.StartsWith($"{Fixtures.ScenarioName}:{expected}", StringComparison.Ordinal),
            $"{description}:\n  got      {e.Message}\n  expected {Fixtures.ScenarioName}:{expected}");
    }

    [Fact]
    public void Malformed_yaml_reports_line_and_column()
    {
        var e = Assert.Throws<InputError>(() => ScenarioFile.Parse("name: x\nparameters: {xl.nice: 1, xen.domUs: 2\nruns: 3\n", Fixtures.ScenarioName));
        Assert.Equal($"{Fixtures.ScenarioName}:2:13: malformed YAML: '{{' is never closed", e.Message);
    }

    [Fact]
    public void A_missing_scenario_file_names_the_path()
    {
        var e = Assert.Throws<InputError>(() => ScenarioFile.Load("scenarios/none.yaml"));
        Assert.Equal("scenarios/none.yaml: file not found", e.Message);
    }
}
