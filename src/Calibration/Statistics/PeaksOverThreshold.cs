using System.Globalization;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Threshold selection for peaks over threshold. THE RULE (defaults of <see cref="PotOptions"/>):
/// <list type="number">
/// <item>Candidates: u_j = R-7 quantile at 1 - f_j with f_j = 0.2·2^(-j/2), j = 0, 1, 2, ... (levels 0.80, 0.859,
/// 0.90, 0.929, 0.95, 0.965, 0.975, ...), kept when 50 &lt;= n_exceed &lt;= 10000 and the threshold differs from the
/// previous one. The geometric grid reaches the far tail of big samples, where a rare second mode lives, which a
/// fixed 0.80..0.99 grid would not.</item>
/// <item>At each: GPD MLE of the excesses (shape floored at <see cref="PotOptions.ShapeFloor"/>, default 0) and the
/// 95% profile interval of xi.</item>
/// <item>Stability: xi_hat(u_j) lies inside the xi interval of every higher candidate (above a valid threshold the
/// shape is constant, and the higher, noisier estimates must agree with it).</item>
/// <item>Fit: Anderson-Darling of the excesses against the fitted GPD, parametric-bootstrap p &gt;= 0.05.</item>
/// <item>Modes: the max-spacing gap test (<see cref="TailModeCheck"/>) gives p &gt;= 0.01.</item>
/// <item>Choice: the LOWEST candidate meeting 3-5 (the most data whose tail is GPD-consistent). If none does, the
/// candidate with the largest min(p_AD/0.05, p_gap/0.01) (each p relative to its level) is taken and
/// RuleSatisfied is false.</item>
/// </list>
/// Returns null when the sample has no candidate (fewer than about 250 values).
/// </summary>
public static class PeaksOverThreshold
{
    public static ThresholdChoice? SelectThreshold(double[] sorted, PotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        options ??= new PotOptions();
        var candidates = BuildCandidates(sorted, options);
        if (candidates.Count == 0)
        {
            return null;
        }

        // Stability, judged against every higher candidate.
        for (int j = 0; j < candidates.Count; j++)
        {
            bool stable = true;
            for (int h = j + 1; h < candidates.Count; h++)
            {
                stable &= candidates[h].XiInterval.Contains(candidates[j].Xi);
            }

            candidates[j] = candidates[j] with { Stable = stable };
        }

        // The lowest stable candidate that passes both tests; the bootstrap runs only where it can decide.
        for (int j = 0; j < candidates.Count; j++)
        {
            if (!candidates[j].Stable || candidates[j].Gap.P < options.GapTestLevel)
            {
                continue;
            }

            candidates[j] = WithAndersonDarling(candidates[j], j, options);
            if (candidates[j].AndersonDarling!.P >= options.TestLevel)
            {
                return new ThresholdChoice(candidates, j, true, Describe(candidates[j], true));
            }
        }

        // Fallback: every candidate gets its AD p; take the best min over the tests of p / level, ties to the lower threshold.
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int j = 0; j < candidates.Count; j++)
        {
            if (candidates[j].AndersonDarling is null)
            {
                candidates[j] = WithAndersonDarling(candidates[j], j, options);
            }

            double score = Math.Min(candidates[j].AndersonDarling!.P / options.TestLevel, candidates[j].Gap.P / options.GapTestLevel);
            if (score > bestScore)
            {
                bestScore = score;
                best = j;
            }
        }

        return new ThresholdChoice(candidates, best, false, Describe(candidates[best], false));
    }

    private static List<ThresholdCandidate> BuildCandidates(double[] sorted, PotOptions options)
    {
        int n = sorted.Length;
        var list = new List<ThresholdCandidate>();
        double previous = double.NaN;
        for (int j = 0; ; j++)
        {
            double f = options.HighestFraction * Math.Pow(2, -j / 2.0);
            if (n * f < options.MinExceedances)
            {
                break;
            }

            double u = EmpiricalQuantile.R7(sorted, 1 - f);
            int k = EmpiricalQuantile.CountAbove(sorted, u);
            if (u == previous || k < options.MinExceedances || k > options.MaxExceedances || k >= n)
            {
                continue;
            }

            previous = u;
            var model = PotModel.Fit(sorted, u, options.ShapeFloor);
            list.Add(new ThresholdCandidate(
                f, u, k, model,
                model.Gpd.XiInterval(options.Confidence),
                TailModeCheck.MaxSpacing(model.Gpd, u)));
        }

        return list;
    }

    private static ThresholdCandidate WithAndersonDarling(ThresholdCandidate c, int index, PotOptions options) =>
        c with { AndersonDarling = GpdGoodnessOfFit.AndersonDarling(c.Model.Gpd, options.BootstrapReplicates, options.Seed + index) };

    private static string Describe(ThresholdCandidate c, bool ruleMet)
    {
        var ci = CultureInfo.InvariantCulture;
        string core = string.Format(
            ci,
            "threshold {0:G6} us (upper {1:P1} of the sample, {2} exceedances), xi {3:F3} [{4:F3}, {5:F3}], AD p {6:F3}, gap p {7:G3}",
            c.Threshold, c.ExceedanceFraction, c.NExceed, c.Xi, c.XiInterval.Lower, c.XiInterval.Upper,
            c.AndersonDarling?.P ?? double.NaN, c.Gap.P);
        if (c.Model.Gpd.AtShapeFloor)
        {
            core += string.Format(ci, "; unconstrained xi {0:F3} is below the floor {1}, so the tail is modelled with xi = {1} (exponential: conservative for a bounded tail)", c.Model.Gpd.UnconstrainedXi, c.Model.Gpd.ShapeFloor);
        }

        return ruleMet
            ? "lowest candidate with a stable shape, AD p >= 0.05 and gap p >= 0.01: " + core
            : "no candidate met the rule (stable shape, AD p >= 0.05, gap p >= 0.01); best compromise: " + core;
    }
}
