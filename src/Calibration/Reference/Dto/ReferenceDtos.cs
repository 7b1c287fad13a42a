using XenSwitchSim.Models.Yaml;
using YamlDotNet.Serialization;

namespace XenSwitchSim.Calibration.Reference.Dto;

[YamlSection("the reference measurements file")]
internal sealed class ReferenceFileDto
{
    public required SourceDto Source { get; set; }

    public required Dictionary<YamlValue, EnvironmentDto> Environments { get; set; }

    public required Dictionary<YamlValue, ParameterRowDto> Parameters { get; set; }

    public required OldEnvironmentDto OldEnvironment { get; set; }

    public required Dictionary<YamlValue, YamlValue> ComparisonBaseline { get; set; }

    public List<YamlValue>? ComparisonPatterns { get; set; }

    public required NewEnvironmentDto NewEnvironment { get; set; }

    public List<YamlValue>? Figure3Findings { get; set; }

    public HypercallVersionDto? HypercallVersion { get; set; }
}

[YamlSection("the source section")]
internal sealed class SourceDto
{
    public required YamlValue Title { get; set; }

    public YamlValue? Venue { get; set; }

    public required YamlValue Date { get; set; }

    public YamlValue? Board { get; set; }

    public YamlValue? Counter { get; set; }

    public required YamlValue DomuSamplingIntervalUs { get; set; }
}

[YamlSection("an environment")]
internal sealed class EnvironmentDto
{
    public required YamlValue Xen { get; set; }

    public required YamlValue Dom0 { get; set; }

    [YamlMember(Alias = "domU", ApplyNamingConventions = false)]
    public required YamlValue DomU { get; set; }

    public YamlValue? Storage { get; set; }

    public YamlValue? Notes { get; set; }
}

[YamlSection("a parameter-table row ({baseline, changed, tool})")]
internal sealed class ParameterRowDto
{
    public required YamlValue Baseline { get; set; }

    public required YamlValue Changed { get; set; }

    public YamlValue? Tool { get; set; }
}

[YamlSection("the old_environment section")]
internal sealed class OldEnvironmentDto
{
    public required YamlValue Repetitions { get; set; }

    public required List<OldRowDto> Rows { get; set; }
}

[YamlSection("an old-environment row")]
internal sealed class OldRowDto
{
    public required YamlValue Id { get; set; }

    public Dictionary<YamlValue, YamlValue>? Change { get; set; }

    public YamlValue? Ambiguity { get; set; }

    public Dictionary<YamlValue, YamlValue>? AlternativeReadingAlso { get; set; }

    public YamlValue? DataQuality { get; set; }

    public required SummaryDto Pause { get; set; }

    public required SummaryDto Unpause { get; set; }
}

[YamlSection("an operation summary ({mean, variance, max, min, phases})")]
internal sealed class SummaryDto
{
    public required YamlValue Mean { get; set; }

    public required YamlValue Variance { get; set; }

    public required YamlValue Max { get; set; }

    public required YamlValue Min { get; set; }

    public required Dictionary<YamlValue, YamlValue> Phases { get; set; }
}

[YamlSection("the new_environment section")]
internal sealed class NewEnvironmentDto
{
    public required YamlValue Repetitions { get; set; }

    public required List<NewRowDto> Rows { get; set; }
}

[YamlSection("a new-environment row")]
internal sealed class NewRowDto
{
    public required YamlValue Id { get; set; }

    public Dictionary<YamlValue, YamlValue>? Change { get; set; }

    public required MeanPhasesDto Pause { get; set; }

    public required MeanPhasesDto Unpause { get; set; }
}

[YamlSection("a means-only operation summary ({mean, phases})")]
internal sealed class MeanPhasesDto
{
    public required YamlValue Mean { get; set; }

    public required Dictionary<YamlValue, YamlValue> Phases { get; set; }
}

[YamlSection("the hypercall_version section")]
internal sealed class HypercallVersionDto
{
    public required YamlValue CallsPerPattern { get; set; }

    public required Dictionary<YamlValue, HypercallPatternDto> Patterns { get; set; }

    public YamlValue? Conclusion { get; set; }
}

[YamlSection("a hypercall pattern")]
internal sealed class HypercallPatternDto
{
    [YamlMember(Alias = "share_in_10us_decade", ApplyNamingConventions = false)]
    public required YamlValue ShareIn10UsDecade { get; set; }

    [YamlMember(Alias = "share_in_100us_decade", ApplyNamingConventions = false)]
    public required YamlValue ShareIn100UsDecade { get; set; }

    [YamlMember(Alias = "share_in_1000us_decade", ApplyNamingConventions = false)]
    public required YamlValue ShareIn1000UsDecade { get; set; }
}
