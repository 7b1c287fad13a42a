using XenSwitchSim.Models.Mechanisms;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Models.Platform;

namespace XenSwitchSim.Models.Files;

/// <summary>A loaded, validated model file.</summary>
public sealed record ModelDefinition
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public required PlatformSpec Platform { get; init; }

    /// <summary>Scenario-parameter defaults the model sets (e.g. <c>measure.domU_idle: poll</c>), in file order.</summary>
    public required IReadOnlyList<ParameterAssignment> Defaults { get; init; }

    public required IReadOnlyList<Assumption> Assumptions { get; init; }

    public required MechanismSet Mechanisms { get; init; }

    /// <summary>File path or display name (embedded resource).</summary>
    public required string SourceName { get; init; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex, for output provenance.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The contract's defaults with this model's defaults applied.</summary>
    public ScenarioParameters DefaultParameters => ScenarioParameters.Defaults.With(Defaults);
}
