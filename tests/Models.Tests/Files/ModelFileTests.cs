using System.Security.Cryptography;
using System.Text;
using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Mechanisms;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Models.Platform;
using XenSwitchSim.Models.Tests.Support;

namespace XenSwitchSim.Models.Tests.Files;

public class ModelFileTests
{
    [Fact]
    public void A_valid_model_loads_with_typed_platform_defaults_and_mechanisms()
    {
        var m = ModelFile.Parse(Fixtures.Model, Fixtures.ModelName, TestCatalog.Instance);

        Assert.Equal("example", m.Name);
        Assert.Equal(4, m.Platform.Pcpus);
        Assert.Equal(1500, m.Platform.CpuClockMhz);
        Assert.Equal(250, m.Platform.Hz);
        Assert.Equal(54e6, m.Platform.CounterHz);
        Assert.Equal("4.14.1", m.Platform.XenVersion);
        Assert.Equal(CpuArch.Arm64, m.Platform.Arch);
        Assert.Equal([XenScheduler.Credit2, XenScheduler.Null, XenScheduler.Credit], m.Platform.Schedulers);
        Assert.Equal(4, m.Platform.Dom0VcpusDefault);
        Assert.Equal(DomUIdle.Poll, m.DefaultParameters.MeasureDomUIdle);
        Assert.Equal(new Assumption("dom0 stamps the time just before launching xl", "immediately", "seed-paper.md"), Assert.Single(m.Assumptions));

        Assert.Equal(2500, m.Mechanisms.Value("xl_exec_cpu_us"));
        Assert.Equal(0.8, m.Mechanisms.Value("hypercall_entry_exit_us"), 12);
        Assert.Equal(1, m.Mechanisms.Value("cpu_speed_factor"));
        Assert.False(m.Mechanisms.IsSet("nic_irq_rate_per_s"));
        Assert.Equal(TestCatalog.Instance.Get("nic_irq_rate_per_s").DefaultValue, m.Mechanisms.Value("nic_irq_rate_per_s"));

        var fitted = m.Mechanisms.Settings["xl_pause_xenstore_requests"];
        Assert.Equal(7, fitted.Value);
        Assert.Equal(new FitInfo(1, 5, 9, new FitProvenance("models/reference/ipsj-os151-2021-measurements.yaml", 42, "2026-11-26", "noise-aware agreement")), fitted.Fit);
        Assert.Equal(new SourceLocation(Fixtures.ModelName, 24, 12), fitted.Where);

        var rtt = Assert.IsType<MixtureDistribution>(m.Mechanisms.Distribution("xenstore_rtt_us"));
        Assert.Equal((0.99 * 150) + (0.01 * (1000 + 5000)), rtt.Mean, 9);
        Assert.Equal(new ConstantDistribution(2500), m.Mechanisms.Distribution("xl_exec_cpu_us"));
    }

    [Fact]
    public void The_hash_is_SHA256_of_the_bytes_and_the_same_from_a_string_a_stream_or_a_file()
    {
        var bytes = Encoding.UTF8.GetBytes(Fixtures.Model);
        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var path = Path.Combine(Path.GetTempPath(), $"model-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, bytes);
        try
        {
            Assert.Equal(expected, ModelFile.Parse(Fixtures.Model, "inline", TestCatalog.Instance).Sha256);
            Assert.Equal(expected, ModelFile.Load(new MemoryStream(bytes), "embedded:pi4", TestCatalog.Instance).Sha256);
            var fromFile = ModelFile.Load(path, TestCatalog.Instance);
            Assert.Equal(expected, fromFile.Sha256);
            Assert.Equal(path, fromFile.SourceName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Errors_in_a_file_name_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"model-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Fixtures.WithLine(Fixtures.Model, 4, "  pcpus: four"));
        try
        {
            var e = Assert.Throws<InputError>(() => ModelFile.Load(path, TestCatalog.Instance));
            Assert.Equal($"{path}:4:10: invalid value 'four' for 'pcpus'; expected an integer in 1..1024", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_an_input_error_naming_the_path()
    {
        var e = Assert.Throws<InputError>(() => ModelFile.Load("models/does-not-exist.yaml", TestCatalog.Instance));
        Assert.Equal("models/does-not-exist.yaml: file not found", e.Message);
        Assert.Null(e.Line);
    }

    public static IEnumerable<object[]> Errors()
    {
        // (description, line to replace, replacement, expected message without "models/x.yaml:")
        yield return ["unknown mechanism", 20, "  xl_exec_cpu_uss: 2.5ms",
            "20:3: unknown mechanism 'xl_exec_cpu_uss'; did you mean 'xl_exec_cpu_us'? valid mechanisms: xl_exec_cpu_us, xenstore_rtt_us, "];
        yield return ["value out of range", 20, "  xl_exec_cpu_us: 900ms",
            "20:19: 'xl_exec_cpu_us' = 900000 us is out of range; expected 100..200000 us"];
        yield return ["wrong type", 4, "  pcpus: four",
            "4:10: invalid value 'four' for 'pcpus'; expected an integer in 1..1024"];
        yield return ["wrong unit", 20, "  xl_exec_cpu_us: 5GHz",
            "20:19: invalid value '5GHz' for 'xl_exec_cpu_us'; expected a duration (ns, us, ms, s), got '5GHz'"];
        yield return ["unknown suffix", 5, "  cpu_clock_mhz: 1.5GHZZ",
            "5:18: invalid value '1.5GHZZ' for 'cpu_clock_mhz'; unknown unit 'GHZZ' in '1.5GHZZ'; expected a frequency (Hz, kHz, MHz, GHz)"];
        yield return ["unknown distribution type", 33, "        dist: {type: weibul, mean_us: 150, sd_us: 60}",
            "33:22: unknown distribution type 'weibul'; did you mean 'weibull'? expected type: one of lognormal, gamma, weibull, exponential, uniform, constant, empirical, mixture, shifted"];
        yield return ["distribution without type", 33, "        dist: {mean_us: 150, sd_us: 60}",
            "33:15: a distribution without 'type:'; expected type: one of lognormal, gamma, weibull, exponential, uniform, constant, empirical, mixture, shifted"];
        yield return ["unknown field of a distribution", 33, "        dist: {type: lognormal, mean_us: 150, sdus: 60}",
            "33:47: unknown field 'sdus' in a lognormal distribution; did you mean 'sd_us'? valid fields: type, mean_us, sd_us, mu, sigma"];
        yield return ["lognormal as a bare pair", 33, "        dist: {type: lognormal, params: [150, 60]}",
            "33:33: unknown field 'params' in a lognormal distribution; valid fields: type, mean_us, sd_us, mu, sigma"];
        yield return ["lognormal with both parameterisations", 33, "        dist: {type: lognormal, mean_us: 150, sd_us: 60, mu: 5}",
            "33:22: lognormal given both {mean_us, sd_us} and {mu, sigma}; expected either mean_us and sd_us (of the time), or mu and sigma (of its natural log)"];
        yield return ["lognormal missing half a pair", 33, "        dist: {type: lognormal, mean_us: 150}",
            "33:22: missing 'sd_us' in lognormal"];
        yield return ["negative sd", 33, "        dist: {type: lognormal, mean_us: 150, sd_us: -1}",
            "33:54: 'sd_us' = -1 us is out of range; expected > 0 us"];
        yield return ["zero mixture weight", 32, "      - weight: 0",
            "32:17: 'weight' = 0 is out of range; expected > 0"];
        yield return ["distribution for a fixed duration", 20, "  xl_exec_cpu_us: {type: constant, value_us: 5}",
            "20:26: 'xl_exec_cpu_us' is a fixed duration, not a distribution; expected a duration in 100..200000 us (e.g. 2500 or 2.5ms), or a fitted mapping"];
        yield return ["count that is not whole", 24, "    value: 7.5",
            "24:12: 'xl_pause_xenstore_requests' = 7.5 is not a whole number; expected a whole number in 0..100, or a fitted mapping"];
        yield return ["fit bounds that exclude the value", 26, "    lower: 8",
            "26:12: fit lower bound 8 is above the value 7"];
        yield return ["unknown top-level field", 19, "mechanism:",
            "19:1: unknown field 'mechanism' in the model file; did you mean 'mechanisms'? valid fields: name, description, platform, defaults, assumptions, mechanisms"];
        yield return ["unknown platform field", 12, "  dom0_vcpu_default: 4",
            "12:3: unknown field 'dom0_vcpu_default' in the platform section; did you mean 'dom0_vcpus_default'? valid fields: pcpus, cpu_clock_mhz, hz, counter_hz, xen_version, linux_version, arch, schedulers, dom0_vcpus_default"];
        yield return ["unknown scenario key in defaults", 14, "  dom0.cpu_laod_procs: 4",
            "14:3: unknown parameter 'dom0.cpu_laod_procs'; did you mean 'dom0.cpu_load_procs'? valid keys: domU.vcpus, "];
        yield return ["bad default value", 14, "  measure.domU_idle: sleep",
            "14:22: invalid value 'sleep' for 'measure.domU_idle'; expected one of: block, poll (or from-model), got 'sleep'"];
        yield return ["unknown arch", 10, "  arch: riscv",
            "10:9: invalid value 'riscv' for 'arch'; expected one of: arm64, x86_64"];
        yield return ["unknown scheduler", 11, "  schedulers: [credit2, rtds]",
            "11:25: invalid value 'rtds' for 'schedulers'; expected one of: credit2, null, credit"];
        yield return ["dom0 vcpus default above pcpus", 12, "  dom0_vcpus_default: 5",
            "12:23: 'dom0_vcpus_default' = 5 is out of range; expected an integer in 1..4"];
        yield return ["mixture component without dist", 33, "",
            "32:9: missing required field 'dist' in a mixture component ({weight, dist})"];
        yield return ["type that is not a name", 33, "        dist: {type: [lognormal], mean_us: 150, sd_us: 60}",
            "33:22: 'type' must be a name, got a list; expected type: one of lognormal, "];
        yield return ["distribution mean outside the catalogue bounds", 33, "        dist: {type: lognormal, mean_us: 1s, sd_us: 60}",
            "30:11: 'xenstore_rtt_us' has mean 990060 us, out of range; expected a mean in 5..50000 us"];
        yield return ["duplicate key", 21, "  xl_exec_cpu_us: 3ms",
            "21:3: duplicate key 'xl_exec_cpu_us'; each key may appear once in a mapping (first at line 20)"];
        yield return ["unclosed flow sequence", 11, "  schedulers: [credit2, null, credit",
            "11:15: malformed YAML: '[' is never closed"];
        yield return ["a list where a mapping belongs", 14, "  - poll",
            "14:3: expected a mapping, got a list"];
        yield return ["a list where a value belongs", 20, "  xl_exec_cpu_us: [2500, 100]",
            "20:19: expected a mechanism value (a number with unit, a distribution mapping with 'type:', or a fitted mapping with 'value:'), got a list"];
        yield return ["a mapping with neither type nor value", 20, "  xl_exec_cpu_us: {mean: 5}",
            "20:19: a mapping with neither 'type:' (a distribution) nor 'value:' (a fitted parameter); expected a number with unit, a distribution or a fitted parameter"];
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_error_names_file_line_column_and_what_was_expected(string description, int line, string replacement, string expected)
    {
        var text = Fixtures.WithLine(Fixtures.Model, line, replacement);
        var e = Assert.Throws<InputError>(() => ModelFile.Parse(text, Fixtures.ModelName, TestCatalog.Instance));
        Assert.True(
            e.Message.StartsWith($"{Fixtures.ModelName}:{expected}", StringComparison.Ordinal),
            $"{description}:\n  got      {e.Message}\n  expected {Fixtures.ModelName}:{expected}");
        Assert.Equal(Fixtures.ModelName, e.SourceName);
    }

    [Fact]
    public void The_fixture_lines_the_error_tests_replace_are_where_they_expect()
    {
        Assert.Equal("  pcpus: 4", Fixtures.Line(Fixtures.Model, 4));
        Assert.Equal("mechanisms:", Fixtures.Line(Fixtures.Model, 19));
        Assert.Equal("  xl_exec_cpu_us: 2.5ms", Fixtures.Line(Fixtures.Model, 20));
        Assert.Equal("        dist: {type: lognormal, mean_us: 150, sd_us: 60}", Fixtures.Line(Fixtures.Model, 33));
    }

    [Fact]
    public void Bad_indentation_is_malformed_YAML_with_its_position()
    {
        var text = Fixtures.WithLine(Fixtures.Model, 6, "    hz: 250");
        var e = Assert.Throws<InputError>(() => ModelFile.Parse(text, Fixtures.ModelName, TestCatalog.Instance));
        Assert.Equal($"{Fixtures.ModelName}:6:7: malformed YAML: While scanning a plain scalar value, found invalid mapping.", e.Message);
    }

    [Fact]
    public void A_missing_required_field_is_named()
    {
        var text = Fixtures.WithLine(Fixtures.Model, 10, "");
        var e = Assert.Throws<InputError>(() => ModelFile.Parse(text, Fixtures.ModelName, TestCatalog.Instance));

        // At the start of the mapping that lacks it: the platform section's first key.
        Assert.Equal($"{Fixtures.ModelName}:4:3: missing required field 'arch' in the platform section", e.Message);
    }

    [Fact]
    public void A_second_document_is_an_error()
    {
        var e = Assert.Throws<InputError>(() => ModelFile.Parse(Fixtures.Model + "---\nname: other\n", Fixtures.ModelName, TestCatalog.Instance));
        Assert.Equal($"{Fixtures.ModelName}:36:1: a second YAML document ('---'); expected exactly one document per file", e.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var e = Assert.Throws<InputError>(() => ModelFile.Parse("# nothing here\n", Fixtures.ModelName, TestCatalog.Instance));
        Assert.Equal($"{Fixtures.ModelName}:1:1: the file is empty; expected the model file", e.Message);
    }

    [Fact]
    public void Unknown_mechanisms_are_checked_against_the_catalogue_given()
    {
        var catalog = new MechanismCatalog([MechanismEntry.Duration("only_us", 1, 0, 10, "test", "test")]);
        var text = """
            name: tiny
            platform: {pcpus: 1, cpu_clock_mhz: 1000, hz: 100, counter_hz: 1GHz, xen_version: "4.17", linux_version: "6.1", arch: x86_64, schedulers: [credit2]}
            mechanisms:
              only_us: 10us
            """;
        Assert.Equal(10, ModelFile.Parse(text, "t.yaml", catalog).Mechanisms.Value("only_us"));
        var e = Assert.Throws<InputError>(() => ModelFile.Parse(text.Replace("only_us: 10us", "xl_exec_cpu_us: 10us"), "t.yaml", catalog));
        Assert.Equal("t.yaml:4:3: unknown mechanism 'xl_exec_cpu_us'; valid mechanisms: only_us", e.Message);
    }
}
