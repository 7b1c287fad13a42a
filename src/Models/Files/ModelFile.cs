using XenSwitchSim.Models.Files.Dto;
using XenSwitchSim.Models.Mechanisms;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Models.Platform;
using XenSwitchSim.Models.Units;
using XenSwitchSim.Models.Yaml;

namespace XenSwitchSim.Models.Files;

/// <summary>Loads model files (YAML): platform facts, scenario defaults, assumptions, mechanisms.</summary>
public static class ModelFile
{
    private static readonly KeywordSet<CpuArch> Arches = new((CpuArch.Arm64, "arm64"), (CpuArch.X86_64, "x86_64"));

    public static ModelDefinition Load(string path, MechanismCatalog? catalog = null) =>
        Parse(YamlDocumentReader.ReadFile(path), catalog);

    /// <summary>From a stream, e.g. an embedded resource, named <paramref name="displayName"/> in errors and output.</summary>
    public static ModelDefinition Load(Stream stream, string displayName, MechanismCatalog? catalog = null) =>
        Parse(YamlDocumentReader.ReadStream(stream, displayName), catalog);

    public static ModelDefinition Parse(string text, string displayName, MechanismCatalog? catalog = null) =>
        Parse(SourceText.FromString(text, displayName), catalog);

    public static ModelDefinition Parse(SourceText source, MechanismCatalog? catalog = null)
    {
        var dto = YamlDocumentReader.Read<ModelFileDto>(source.Text, source.Name, DistributionYamlSetup.Configure);
        var f = new YamlFieldReader(source.Name);
        var platform = ReadPlatform(f, dto.Platform);
        return new ModelDefinition
        {
            Name = f.Text(dto.Name, "name"),
            Description = f.OptionalText(dto.Description),
            Platform = platform,
            Defaults = [.. (dto.Defaults ?? []).Select(kv => ParameterParser.Parse(kv.Key.Text, kv.Value.Text, f.At(kv.Key), f.At(kv.Value)))],
            Assumptions = [.. (dto.Assumptions ?? []).Select(a => new Assumption(f.Text(a.Fact, "fact"), f.OptionalText(a.Value), f.OptionalText(a.Evidence)))],
            Mechanisms = new MechanismReader(f, catalog ?? MechanismCatalog.Default).Read(dto.Mechanisms),
            SourceName = source.Name,
            Sha256 = source.Sha256,
        };
    }

    private static int WholeHz(YamlFieldReader f, YamlValue value)
    {
        var hz = f.Quantity(value, "hz", Unit.Hertz, 1, 100_000);
        return hz == Math.Floor(hz) ? (int)hz : throw f.Error(value, $"'hz' = {value.Text} is not a whole number", "expected the kernel's tick rate, e.g. 250");
    }

    private static PlatformSpec ReadPlatform(YamlFieldReader f, PlatformDto p)
    {
        var pcpus = f.Int(p.Pcpus, "pcpus", 1, 1024);
        if (p.Schedulers is null || p.Schedulers.Count == 0)
        {
            throw f.Error(p.Pcpus, "the platform lists no schedulers", $"expected schedulers: a list, {Keywords.XenScheduler.Describe()}");
        }

        return new PlatformSpec
        {
            Pcpus = pcpus,
            CpuClockMhz = f.Quantity(p.CpuClockMhz, "cpu_clock_mhz", KeyUnit.Of("cpu_clock_mhz"), 0, minExclusive: true),
            Hz = WholeHz(f, p.Hz),
            CounterHz = f.Quantity(p.CounterHz, "counter_hz", Unit.Hertz, 0, minExclusive: true),
            XenVersion = f.Text(p.XenVersion, "xen_version"),
            LinuxVersion = f.Text(p.LinuxVersion, "linux_version"),
            Arch = f.Keyword(p.Arch, "arch", Arches),
            Schedulers = [.. p.Schedulers.Select(s => f.Keyword(s, "schedulers", Keywords.XenScheduler)).Distinct()],
            Dom0VcpusDefault = p.Dom0VcpusDefault is null ? null : f.Int(p.Dom0VcpusDefault, "dom0_vcpus_default", 1, pcpus),
        };
    }
}
