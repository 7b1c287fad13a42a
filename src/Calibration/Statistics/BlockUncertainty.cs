using System.Text.Json.Serialization;
using MathNet.Numerics.Distributions;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// The spread of one figure across parameter-uncertainty blocks. between_sd is the sample sd of the blocks'
/// estimates; monte_carlo_sd the root mean square of the blocks' own Monte Carlo standard errors (interval width /
/// 2z); parameter_sd = sqrt(max(0, between² - monte_carlo²)), the part of the spread the parameters cause (the
/// method-of-moments estimate of a random-effects model). The figure's interval is widened by t·parameter_sd.
/// </summary>
public sealed record BlockSpread(
    [property: JsonPropertyName("figure")] string Figure,
    [property: JsonPropertyName("blocks_used")] int BlocksUsed,
    [property: JsonPropertyName("between_sd")] double BetweenSd,
    [property: JsonPropertyName("monte_carlo_sd")] double MonteCarloSd,
    [property: JsonPropertyName("parameter_sd")] double ParameterSd);

/// <summary>What --with-parameter-uncertainty did (an addition to the deadline JSON).</summary>
public sealed record ParameterUncertaintyReport(
    [property: JsonPropertyName("blocks")] int Blocks,
    [property: JsonPropertyName("runs_per_block")] int RunsPerBlock,
    [property: JsonPropertyName("mechanisms")] IReadOnlyList<string> Mechanisms,
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("spread")] IReadOnlyList<BlockSpread> Spread);

/// <summary>
/// Widening of Monte Carlo intervals by the between-block (parameter) variance. The pooled sample of all blocks is a
/// sample of the predictive distribution (parameters drawn from their uncertainty), so the pooled estimate is the
/// predictive one; its interval comes from the pooled tail analysis (Monte Carlo noise only). Each side's half-width
/// h is replaced by sqrt(h² + (t·s)²), with s the parameter sd of <see cref="BlockSpread"/> and t the Student
/// quantile with B-1 degrees of freedom: the interval then also covers where the figure lies for parameters drawn
/// from their uncertainty. It is never narrower than the Monte Carlo interval (s ≥ 0).
/// </summary>
public static class BlockUncertainty
{
    public static BlockSpread Spread(string figure, IReadOnlyList<(double Estimate, double Lower, double Upper)> blocks, double confidence = 0.95)
    {
        double z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        var est = new List<double>();
        var mc2 = new List<double>();
        foreach (var (e, l, u) in blocks)
        {
            if (!double.IsFinite(e)) continue;
            est.Add(e);
            if (double.IsFinite(l) && double.IsFinite(u)) mc2.Add(Math.Pow((u - l) / (2 * z), 2));
        }
        if (est.Count < 2) return new BlockSpread(figure, est.Count, double.NaN, double.NaN, double.NaN);
        double mean = est.Average();
        double between2 = est.Sum(x => (x - mean) * (x - mean)) / (est.Count - 1);
        // Blocks whose interval is unbounded say nothing about their noise; the others stand in for them.
        double mcMean2 = mc2.Count > 0 ? mc2.Average() : 0;
        return new BlockSpread(figure, est.Count, Math.Sqrt(between2), Math.Sqrt(mcMean2), Math.Sqrt(Math.Max(0, between2 - mcMean2)));
    }

    public static double T(int blocks, double confidence = 0.95) =>
        blocks >= 2 ? StudentT.InvCDF(0, 1, blocks - 1, 1 - (1 - confidence) / 2) : double.NaN;

    /// <summary>The interval widened on each side in quadrature; [floor, ceiling] bound the result.</summary>
    public static (double Lower, double Upper) Widen(double estimate, double lower, double upper, double parameterSd, double t,
        double floor = double.NegativeInfinity, double ceiling = double.PositiveInfinity)
    {
        if (!(parameterSd > 0) || !double.IsFinite(t)) return (lower, upper);
        double w = t * parameterSd;
        double lo, hi;
        if (double.IsFinite(estimate))
        {
            lo = double.IsFinite(lower) ? estimate - Math.Sqrt(Math.Pow(estimate - lower, 2) + w * w) : lower;
            hi = double.IsFinite(upper) ? estimate + Math.Sqrt(Math.Pow(upper - estimate, 2) + w * w) : upper;
        }
        else
        {
            lo = lower - w;
            hi = upper + w;
        }
        return (Math.Max(floor, Math.Min(lo, lower)), Math.Min(ceiling, Math.Max(hi, upper)));
    }
}

/// <summary>--failure-rate: each failure triggers one switch, so misses per hour = rate × P(miss) (interval scaled alike).</summary>
public sealed record ExpectedMisses(
    [property: JsonPropertyName("failure_rate_per_hour")] double FailureRatePerHour,
    [property: JsonPropertyName("per_hour")] Interval PerHour,
    [property: JsonPropertyName("per_year")] Interval PerYear)
{
    /// <summary>A Julian year, 365.25 days.</summary>
    public const double HoursPerYear = 8766;

    public static ExpectedMisses From(double failuresPerHour, MethodEstimate miss) => new(
        failuresPerHour,
        new Interval(failuresPerHour * miss.Estimate, failuresPerHour * miss.Lower, failuresPerHour * miss.Upper),
        new Interval(failuresPerHour * HoursPerYear * miss.Estimate, failuresPerHour * HoursPerYear * miss.Lower, failuresPerHour * HoursPerYear * miss.Upper));
}
