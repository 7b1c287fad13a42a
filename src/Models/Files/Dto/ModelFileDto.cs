using XenSwitchSim.Models.Yaml;

namespace XenSwitchSim.Models.Files.Dto;

[YamlSection("the model file")]
internal sealed class ModelFileDto
{
    public required YamlValue Name { get; set; }

    public YamlValue? Description { get; set; }

    public required PlatformDto Platform { get; set; }

    public Dictionary<YamlValue, YamlValue>? Defaults { get; set; }

    public List<AssumptionDto>? Assumptions { get; set; }

    public Dictionary<YamlValue, MechanismValueDto>? Mechanisms { get; set; }
}

[YamlSection("the platform section")]
internal sealed class PlatformDto
{
    public required YamlValue Pcpus { get; set; }

    public required YamlValue CpuClockMhz { get; set; }

    public required YamlValue Hz { get; set; }

    public required YamlValue CounterHz { get; set; }

    public required YamlValue XenVersion { get; set; }

    public required YamlValue LinuxVersion { get; set; }

    public required YamlValue Arch { get; set; }

    public required List<YamlValue> Schedulers { get; set; }

    public YamlValue? Dom0VcpusDefault { get; set; }
}

[YamlSection("an assumption ({fact, value, evidence})")]
internal sealed class AssumptionDto
{
    public required YamlValue Fact { get; set; }

    public YamlValue? Value { get; set; }

    public YamlValue? Evidence { get; set; }
}
