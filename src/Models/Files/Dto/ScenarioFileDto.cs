using XenSwitchSim.Models.Yaml;

namespace XenSwitchSim.Models.Files.Dto;

[YamlSection("the scenario file")]
internal sealed class ScenarioFileDto
{
    public YamlValue? Name { get; set; }

    public YamlValue? Description { get; set; }

    public Dictionary<YamlValue, YamlValue>? Parameters { get; set; }

    public YamlValue? Runs { get; set; }

    public YamlValue? Seed { get; set; }
}
