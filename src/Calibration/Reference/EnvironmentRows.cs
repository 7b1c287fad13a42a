using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Calibration.Reference;

/// <summary>
/// One configuration of the old environment (Tables 5-7). <see cref="Parameters"/> is the
/// Table 4 baseline with <see cref="Change"/> applied; rows whose reading is ambiguous also
/// give <see cref="AlternativeParameters"/> (the change plus <see cref="AlternativeReadingAlso"/>).
/// </summary>
public sealed record OldEnvironmentRow(
    string Id,
    IReadOnlyList<ParameterAssignment> Change,
    string? Ambiguity,
    IReadOnlyList<ParameterAssignment>? AlternativeReadingAlso,
    string? DataQuality,
    OperationSummary Pause,
    OperationSummary Unpause,
    ScenarioParameters Parameters,
    ScenarioParameters? AlternativeParameters)
{
    public OperationSummary Summary(Operation operation) => operation switch
    {
        Operation.Pause => Pause,
        Operation.Unpause => Unpause,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), "the study's tables have no switch"),
    };
}

/// <summary>One configuration of the new environment (Tables 9-10), relative to the comparison baseline.</summary>
public sealed record NewEnvironmentRow(
    string Id,
    IReadOnlyList<ParameterAssignment> Change,
    MeanWithPhases Pause,
    MeanWithPhases Unpause,
    ScenarioParameters Parameters);
