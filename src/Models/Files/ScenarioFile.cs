using XenSwitchSim.Models.Files.Dto;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Models.Yaml;

namespace XenSwitchSim.Models.Files;

/// <summary>Loads scenario files: <c>name</c>, <c>description</c>, <c>parameters</c>, <c>runs</c>, <c>seed</c>.</summary>
public static class ScenarioFile
{
    public static ScenarioDefinition Load(string path) => Parse(YamlDocumentReader.ReadFile(path));

    public static ScenarioDefinition Load(Stream stream, string displayName) =>
        Parse(YamlDocumentReader.ReadStream(stream, displayName));

    public static ScenarioDefinition Parse(string text, string displayName) =>
        Parse(SourceText.FromString(text, displayName));

    public static ScenarioDefinition Parse(SourceText source)
    {
        var dto = YamlDocumentReader.Read<ScenarioFileDto>(source.Text, source.Name);
        var f = new YamlFieldReader(source.Name);
        return new ScenarioDefinition
        {
            Name = f.OptionalText(dto.Name),
            Description = f.OptionalText(dto.Description),
            Assignments = [.. (dto.Parameters ?? []).Select(kv => ParameterParser.Parse(kv.Key.Text, kv.Value.Text, f.At(kv.Key), f.At(kv.Value)))],
            Runs = dto.Runs is null ? null : f.Int(dto.Runs, "runs", 1),
            Seed = dto.Seed is null ? null : f.ULong(dto.Seed, "seed"),
            SourceName = source.Name,
        };
    }
}
