using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Models.Files;

/// <summary>
/// A loaded scenario file. <see cref="Runs"/> and <see cref="Seed"/> are null when the file
/// leaves them to the command line (<c>--runs</c>, <c>--seed</c>) or its defaults.
/// </summary>
public sealed record ScenarioDefinition
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The <c>parameters:</c> map, validated, in file order.</summary>
    public required IReadOnlyList<ParameterAssignment> Assignments { get; init; }

    public int? Runs { get; init; }

    public ulong? Seed { get; init; }

    public required string SourceName { get; init; }

    public ScenarioParameters ApplyTo(ScenarioParameters parameters) => parameters.With(Assignments);
}
