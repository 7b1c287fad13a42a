using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Models.Yaml;

namespace XenSwitchSim.Calibration.Reference;

/// <summary>
/// The study's published measurements (<c>models/reference/ipsj-os151-2021-measurements.yaml</c>),
/// typed and checked, with every row's full scenario parameters.
/// </summary>
public sealed record ReferenceMeasurements
{
    public required ReferenceSource Source { get; init; }

    /// <summary>By name: <c>old</c>, <c>new</c>.</summary>
    public required IReadOnlyDictionary<string, EnvironmentInfo> Environments { get; init; }

    /// <summary>Table 4, in file order.</summary>
    public required IReadOnlyList<ParameterChange> ParameterTable { get; init; }

    /// <summary>The Table 4 baseline: the contract's defaults with the table's baseline column applied.</summary>
    public required ScenarioParameters OldBaseline { get; init; }

    public required int OldRepetitions { get; init; }

    public required IReadOnlyList<OldEnvironmentRow> OldRows { get; init; }

    /// <summary>The baseline of the old-vs-new comparison (not the Table 4 baseline).</summary>
    public required ScenarioParameters ComparisonBaseline { get; init; }

    public required IReadOnlyList<string> ComparisonPatterns { get; init; }

    public required int NewRepetitions { get; init; }

    public required IReadOnlyList<NewEnvironmentRow> NewRows { get; init; }

    public required IReadOnlyList<string> Figure3Findings { get; init; }

    public HypercallVersionData? HypercallVersion { get; init; }

    public required string SourceName { get; init; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    public OldEnvironmentRow OldRow(string id) =>
        OldRows.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"no old-environment row '{id}'");

    public NewEnvironmentRow NewRow(string id) =>
        NewRows.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"no new-environment row '{id}'");

    public static ReferenceMeasurements Load(string path) => ReferenceReader.Read(YamlDocumentReader.ReadFile(path));

    /// <summary>From a stream, e.g. the CLI's embedded copy.</summary>
    public static ReferenceMeasurements Load(Stream stream, string displayName) =>
        ReferenceReader.Read(YamlDocumentReader.ReadStream(stream, displayName));

    public static ReferenceMeasurements Parse(string text, string displayName) =>
        ReferenceReader.Read(SourceText.FromString(text, displayName));
}
