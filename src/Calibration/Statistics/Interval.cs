using System.Text.Json.Serialization;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>A point estimate with a two-sided confidence interval, as {"estimate","lower","upper"} (compare's difference fields).</summary>
public sealed record Interval(
    [property: JsonPropertyName("estimate")] double Estimate,
    [property: JsonPropertyName("lower")] double Lower,
    [property: JsonPropertyName("upper")] double Upper)
{
    public bool Contains(double x) => x >= Lower && x <= Upper;
}

/// <summary>An estimate with its interval and the method that produced it: the contract's miss_prob object.</summary>
public sealed record MethodEstimate(
    [property: JsonPropertyName("estimate")] double Estimate,
    [property: JsonPropertyName("lower")] double Lower,
    [property: JsonPropertyName("upper")] double Upper,
    [property: JsonPropertyName("method")] string Method)
{
    public bool Contains(double x) => x >= Lower && x <= Upper;
}

/// <summary>The three method names of contracts.md §3 and the rules that pick them (see TailAnalysis).</summary>
public static class TailMethod
{
    public const string EmpiricalClopperPearson = "empirical-clopper-pearson";
    public const string GpdPotProfile = "gpd-pot-profile";
    public const string Extrapolated = "extrapolated";
}
