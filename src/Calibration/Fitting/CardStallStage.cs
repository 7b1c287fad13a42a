namespace XenSwitchSim.Calibration.Fitting;

/// <summary>
/// A search of the SD-card stall mechanism (<c>sd_stall_rate_per_s</c> per environment, shared
/// <c>sd_stall_mean_us</c>) in the coordinates the data see. A fault read lands in a stall with
/// probability rate x mean length (StorageStalls), and that share of time in a stall sets both the
/// rows' means (through the storage delay of their launches) and the rare-mode counts; the length
/// alone decides how much of it lies beyond 2 s rather than in 0.2-2 s. In (log rate, log length)
/// a move that keeps the means (rate down while the length grows) is a diagonal one, which the
/// 20-dimensional Nelder-Mead before it seldom takes: the shipped fit of 2026-11-26 ended at a 0.7 s
/// length with the old environment's 3 loaded runs over 2 s expected 0.00 times. Here the search
/// runs in (log length, log share of time stalled per environment), from the fit's point and from
/// longer lengths at the same shares.
/// </summary>
public static class CardStallStage
{
    private const string Rate = "sd_stall_rate_per_s";
    private const string Length = "sd_stall_mean_us";

    /// <summary>Starting lengths: the fit's own, then these fractions of the way (in log) to the upper bound.</summary>
    private static readonly double[] StartFractions = [0, 0.5, 0.9];

    public static int PlannedEvaluations(ParameterSpace space, int evaluations) =>
        Indices(space) is null || evaluations <= 0 ? 0 : evaluations;

    /// <summary>The best of the fit and the stage's searches (never worse than <paramref name="best"/>).</summary>
    public static Optimiser.Point Refit(ParameterSpace space, Optimiser.Point best, Func<double[], double> objective, int evaluations)
    {
        if (Indices(space) is not var (length, rates) || evaluations <= 0) return best;

        double[] ToX(double[] y)
        {
            var x = (double[])best.X.Clone();
            x[length] = y[0];
            for (var k = 0; k < rates.Length; k++) x[rates[k]] = y[k + 1] - y[0];
            return space.Clamp(x);
        }

        double[] ToY(double[] x) => [x[length], .. rates.Select(r => x[r] + x[length])];

        var hi = space.Free[length].LogUpper;
        var perStart = Math.Max(4, evaluations / StartFractions.Length);
        var result = best;
        var left = evaluations;
        foreach (var fraction in StartFractions)
        {
            if (left <= 0) break;
            var budget = Math.Min(perStart, left);
            left -= budget;
            var y0 = ToY(best.X);
            y0[0] = best.X[length] + fraction * (hi - best.X[length]);
            var step = y0.Select(_ => 0.5).ToArray();
            var found = Optimiser.NelderMead(y => objective(ToX(y)), y0, step, y => ToY(ToX(y)), budget);
            if (found.Value < result.Value) result = new Optimiser.Point(ToX(found.X), found.Value);
        }

        return result;
    }

    private static (int Length, int[] Rates)? Indices(ParameterSpace space)
    {
        var length = -1;
        var rates = new List<int>();
        for (var i = 0; i < space.Dimension; i++)
        {
            if (space.Free[i].Mechanism == Length) length = i;
            else if (space.Free[i].Mechanism == Rate) rates.Add(i);
        }
        return length < 0 || rates.Count == 0 ? null : (length, [.. rates]);
    }
}
