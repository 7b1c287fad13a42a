using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Calibration.Measurements;

/// <summary>
/// <c>meta.yaml</c> of a measurement set (contracts.md section 4): where and how the runs were
/// taken. <see cref="Assignments"/> are the scenario parameters as written (section 1 keys);
/// <see cref="Parameters"/> is the contract's defaults with them applied (a model's own defaults
/// are layered in by the caller through <c>ScenarioResolver</c>).
/// </summary>
public sealed record MeasurementMeta
{
    /// <summary>The format tag written in every meta.yaml.</summary>
    public const string FormatTag = "xenswitchsim-measurements/1";

    public const string SourceHwRecord = "hw-record";
    public const string SourceSimulate = "simulate";
    public const string SourceStudy = "study";

    /// <summary>Scenario name (default: the directory's name).</summary>
    public required string Name { get; init; }

    /// <summary><c>hw-record</c>, <c>simulate</c> (synthetic) or <c>study</c> (summary tables).</summary>
    public required string Source { get; init; }

    public required string Host { get; init; }

    public required string XenVersion { get; init; }

    /// <summary>Xen scheduler keyword (<c>credit2</c>, <c>null</c>, <c>credit</c>); equals <c>xen.scheduler</c>.</summary>
    public required string Scheduler { get; init; }

    public required int Pcpus { get; init; }

    /// <summary><c>arm64</c> or <c>x86_64</c>, if known.</summary>
    public string? Arch { get; init; }

    /// <summary>Frequency of the counter whose ticks runs.csv holds (54 MHz on a Pi 4).</summary>
    public required double CounterHz { get; init; }

    /// <summary><c>xl</c>, <c>resident</c> or <c>kernel-module</c>; equals <c>switch.mechanism</c>.</summary>
    public required string Mechanism { get; init; }

    public required string ToolVersion { get; init; }

    /// <summary>ISO 8601 date or date-time of the recording.</summary>
    public required string Date { get; init; }

    public required IReadOnlyList<ParameterAssignment> Assignments { get; init; }

    public ScenarioParameters Parameters => ScenarioParameters.Defaults.With(Assignments);

    /// <summary>The measured (active) domain's name, and the standby of a switch.</summary>
    public string? Domain { get; init; }

    public string? Standby { get; init; }

    /// <summary>Synthetic sets: the model that emitted them.</summary>
    public string? Model { get; init; }

    public string? ModelSha256 { get; init; }

    public ulong? Seed { get; init; }

    /// <summary>How the domU's and dom0's counters were put on the physical timeline (free-form key: value).</summary>
    public IReadOnlyDictionary<string, string> Alignment { get; init; } = new Dictionary<string, string>();

    public string? Notes { get; init; }
}
