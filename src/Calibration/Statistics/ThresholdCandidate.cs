namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// One candidate threshold and what the diagnostic found there. The Anderson-Darling result is computed only when the
/// rule needs it (it costs a bootstrap), so it is null for candidates the search never reached.
/// </summary>
public sealed record ThresholdCandidate(
    double ExceedanceFraction,
    double Threshold,
    int NExceed,
    PotModel Model,
    Bounds XiInterval,
    TailModeResult Gap)
{
    public double Xi => Model.Gpd.Xi;

    public double Sigma => Model.Gpd.Sigma;

    /// <summary>xi at this threshold lies inside the xi interval of every higher candidate.</summary>
    public bool Stable { get; init; }

    public GoodnessOfFitResult? AndersonDarling { get; init; }
}

/// <summary>The outcome of threshold selection: the chosen model, every candidate, and whether the rule was met.</summary>
public sealed record ThresholdChoice(
    IReadOnlyList<ThresholdCandidate> Candidates,
    int SelectedIndex,
    bool RuleSatisfied,
    string Note)
{
    public ThresholdCandidate Selected => Candidates[SelectedIndex];

    public PotModel Model => Selected.Model;

    /// <summary>The candidates just below and just above the chosen one (the threshold-sensitivity band).</summary>
    public IReadOnlyList<ThresholdCandidate> Neighbours =>
        new[] { SelectedIndex - 1, SelectedIndex + 1 }
            .Where(i => i >= 0 && i < Candidates.Count)
            .Select(i => Candidates[i])
            .ToArray();
}
