namespace XenSwitchSim.Models.Yaml;

/// <summary>
/// Names a DTO for error messages ("unknown field 'runz' in the scenario file; valid fields: ...").
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class YamlSectionAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}
