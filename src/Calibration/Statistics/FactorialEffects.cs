using System.Text.Json.Serialization;
using MathNet.Numerics.Distributions;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>One cell of a factorial: its level of each factor, its response, and the Monte Carlo variance of that response (NaN if unknown).</summary>
public sealed record FactorialCell(IReadOnlyList<string> Levels, double Response, double NoiseVariance);

public sealed record MainEffect(
    [property: JsonPropertyName("factor")] string Factor,
    [property: JsonPropertyName("level_means")] IReadOnlyDictionary<string, double> LevelMeans,
    [property: JsonPropertyName("effect")] double Effect,
    [property: JsonPropertyName("share")] double Share);

public sealed record Interaction(
    [property: JsonPropertyName("a")] string A,
    [property: JsonPropertyName("b")] string B,
    [property: JsonPropertyName("share")] double Share,
    [property: JsonPropertyName("p")] double P,
    [property: JsonPropertyName("interacts")] bool Interacts);

public sealed record EffectsReport(
    [property: JsonPropertyName("response")] string Response,
    [property: JsonPropertyName("cells")] int Cells,
    [property: JsonPropertyName("grand_mean")] double GrandMean,
    [property: JsonPropertyName("main_effects")] IReadOnlyList<MainEffect> MainEffects,
    [property: JsonPropertyName("interactions")] IReadOnlyList<Interaction> Interactions,
    [property: JsonPropertyName("rule")] string Rule);

/// <summary>
/// Main effects and two-way interactions of a full factorial (cells missing, e.g. infeasible, are left out: the
/// means are then over the cells that ran). Main effect of a factor: the spread of its level means (for two levels,
/// second level minus first, signed); share = its sum of squares over the total. Two-way interaction of A and B: the
/// sum of squares of the cell-mean residuals m_ab - m_a - m_b + m, weighted by cell counts, as a share of the total;
/// with the cells' Monte Carlo variance known, p = P(chi2(df) &gt; SS_AB / mean noise variance) tests it against
/// simulation noise. A pair "interacts" when its share is at least <see cref="MinShare"/> and p &lt; <see cref="MaxP"/>
/// (or p is unknown).
/// </summary>
public static class FactorialEffects
{
    public const double MinShare = 0.01;
    public const double MaxP = 0.001;

    public static EffectsReport Analyze(string response, IReadOnlyList<string> factors, IReadOnlyList<FactorialCell> cells)
    {
        var ok = cells.Where(c => double.IsFinite(c.Response)).ToList();
        if (ok.Count < 2) return new EffectsReport(response, ok.Count, double.NaN, [], [], Rule);
        double grand = ok.Average(c => c.Response);
        double total = ok.Sum(c => (c.Response - grand) * (c.Response - grand));
        var noise = ok.Where(c => double.IsFinite(c.NoiseVariance)).Select(c => c.NoiseVariance).ToList();
        double sigma2 = noise.Count == ok.Count ? noise.Average() : double.NaN;

        var levelMeans = new List<Dictionary<string, double>>();
        var mains = new List<MainEffect>();
        for (int f = 0; f < factors.Count; f++)
        {
            var order = ok.Select(c => c.Levels[f]).Distinct().ToList();
            var means = order.ToDictionary(l => l, l => ok.Where(c => c.Levels[f] == l).Average(c => c.Response));
            levelMeans.Add(means);
            double ss = order.Sum(l => ok.Count(c => c.Levels[f] == l) * Math.Pow(means[l] - grand, 2));
            double effect = order.Count == 2 ? means[order[1]] - means[order[0]] : order.Count > 1 ? means.Values.Max() - means.Values.Min() : 0;
            mains.Add(new MainEffect(factors[f], means, effect, total > 0 ? ss / total : 0));
        }

        var pairs = new List<Interaction>();
        for (int i = 0; i < factors.Count; i++)
        {
            for (int j = i + 1; j < factors.Count; j++)
            {
                var groups = ok.GroupBy(c => (c.Levels[i], c.Levels[j]));
                double ss = 0;
                foreach (var g in groups)
                {
                    double m = g.Average(c => c.Response);
                    double r = m - levelMeans[i][g.Key.Item1] - levelMeans[j][g.Key.Item2] + grand;
                    ss += g.Count() * r * r;
                }
                int df = (levelMeans[i].Count - 1) * (levelMeans[j].Count - 1);
                if (df == 0) continue;
                double share = total > 0 ? ss / total : 0;
                double p = sigma2 > 0 ? 1 - ChiSquared.CDF(df, ss / sigma2) : double.NaN;
                bool interacts = share >= MinShare && (double.IsNaN(p) || p < MaxP);
                pairs.Add(new Interaction(factors[i], factors[j], share, p, interacts));
            }
        }
        return new EffectsReport(response, ok.Count, grand, mains.OrderByDescending(m => m.Share).ToList(), pairs.OrderByDescending(p => p.Share).ToList(), Rule);
    }

    public const string Rule = "share = sum of squares / total sum of squares over the cells that ran; a pair interacts when its interaction share >= 0.01 and, with Monte Carlo noise known, chi-square p < 0.001";
}
